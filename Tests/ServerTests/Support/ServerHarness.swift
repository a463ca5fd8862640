// What the route tests share: the shipped checkpoint loaded once, applications built
// with chosen limits and keys, a request helper that checks every response against
// openapi.yaml, and decoders for the API's snake_case JSON.
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MemoryTransformer
import Server
import Testing

enum Harness {
    static let model: (MemoryTransformerModel, String) = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("checkpoints/conll-en")
        return try! MemoryTransformerModel.load(from: directory)
    }()

    /// Services with default limits changed by `configure`.
    static func services(ready: Bool = true, keys: [String] = [], store: (any SessionStore)? = nil,
                         configure: (inout ServerConfiguration) -> Void = { _ in }) -> MemtxServices {
        var configuration = ServerConfiguration()
        configure(&configuration)
        let services = MemtxServices(model: model.0, digest: model.1, configuration: configuration,
                                     apiKeys: APIKeys(keys: keys), store: store)
        if ready { services.readiness.markReady() }
        return services
    }

    /// The application `memtx serve` runs, built by the same function; without the
    /// warm-up where a test needs the loading state.
    static func application(_ services: MemtxServices, warmUp: Bool = true) -> some ApplicationProtocol {
        var background = BackgroundWork()
        background.warmUp = warmUp
        return buildApplication(services, logger: Logger(label: "memtx.test"), background: background)
    }

    static func application(ready: Bool = true, keys: [String] = [],
                            configure: (inout ServerConfiguration) -> Void = { _ in }) -> some ApplicationProtocol {
        application(services(ready: ready, keys: keys, configure: configure), warmUp: ready)
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try decoder.decode(type, from: Data(response.body.readableBytesView))
    }

    /// Where two response bodies first differ, with some context of each (for a failed
    /// equality expectation on a long body).
    static func firstDifference(_ a: String, _ b: String) -> String {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        let common = min(x.count, y.count)
        guard let at = (0..<common).first(where: { x[$0] != y[$0] }) ?? (x.count == y.count ? nil : common) else {
            return "none"
        }
        let context = { (bytes: [UInt8]) in String(decoding: bytes[max(0, at - 80)..<min(bytes.count, at + 80)], as: UTF8.self) }
        return "byte \(at) of \(x.count) vs \(y.count): «\(context(x))» vs «\(context(y))»"
    }

    /// Executes a request and expects its response to conform to openapi.yaml.
    @discardableResult
    static func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String,
                     body: String? = nil, bytes: ByteBuffer? = nil, contentType: String? = "application/json",
                     headers extra: HTTPFields = [:], checkSpec: Bool = true,
                     sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestResponse {
        var headers = extra
        if let contentType, body != nil || bytes != nil { headers[.contentType] = contentType }
        let response = try await client.execute(uri: uri, method: method, headers: headers,
                                                body: bytes ?? body.map { ByteBuffer(string: $0) })
        if checkSpec {
            let path = String(uri.split(separator: "?", maxSplits: 1).first ?? "")
            let violations = OpenAPIContract.shared.violations(
                method: method.rawValue, path: path, status: Int(response.status.code),
                contentType: response.headers[.contentType], body: Data(response.body.readableBytesView))
            #expect(violations.isEmpty, "\(violations)", sourceLocation: sourceLocation)
        }
        return response
    }

    /// Decoded error body (decode with a plain JSONDecoder: `details` keys are data, not names).
    struct ErrorBody: Decodable {
        struct Detail: Decodable {
            let code: String
            let message: String
            let details: [String: Int]?
        }
        let error: Detail
    }

    /// Expects `response` to be an API error with `status` and `code`; returns its details.
    @discardableResult
    static func expectError(_ response: TestResponse, _ status: HTTPResponse.Status, _ code: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Int] {
        #expect(response.status == status, sourceLocation: sourceLocation)
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
        let body = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
        #expect(body.error.code == code, "\(body.error.message)", sourceLocation: sourceLocation)
        #expect(!body.error.message.isEmpty, sourceLocation: sourceLocation)
        return body.error.details ?? [:]
    }
}

/// JSON shapes the tests decode (camelCase here, snake_case on the wire).
struct LabelledWordItem: Decodable, Equatable {
    let index: Int?
    let word: String
    let label: String
    let score: Float
    let start: Int
    let end: Int
}

struct EntityItem: Decodable, Equatable {
    let text: String
    let label: String
    let start: Int
    let end: Int
}

struct LabelledDocumentBody: Decodable {
    let offsetUnit: String
    let words: [LabelledWordItem]
    let entities: [EntityItem]
}
