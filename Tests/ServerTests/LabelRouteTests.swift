// The HTTP API in process (HummingbirdTesting's router framework) with the shipped
// checkpoint: labelling, batch and spaCy formats, the model route, health, and bad input
// answered with the documented status and a JSON error.
import Foundation
import Hummingbird
import HummingbirdTesting
import MemoryTransformer
import Server
import Testing

@Suite struct LabelRouteTests {
    static let service: LabelingService = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("checkpoints/conll-en")
        let (model, digest) = try! MemoryTransformerModel.load(from: directory)
        return LabelingService(model: model, digest: digest)
    }()

    static func application(ready: Bool = true, configure: (inout ServerConfiguration) -> Void = { _ in }) -> some ApplicationProtocol {
        var configuration = ServerConfiguration()
        configure(&configuration)
        let readiness = Readiness()
        if ready { readiness.markReady() }
        return Application(router: buildRouter(service: service, configuration: configuration, readiness: readiness))
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable { let code: String; let message: String; let details: [String: Int]? }
        let error: Detail
    }

    struct Labelled: Decodable {
        struct Entity: Decodable { let text: String; let label: String; let start: Int; let end: Int }
        struct WordItem: Decodable { let word: String; let label: String; let start: Int; let end: Int }
        let offsetUnit: String
        let words: [WordItem]
        let entities: [Entity]
    }

    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    @Test func labelsTextWithScalarOffsets() async throws {
        let text = "Zoë met Peter Blackburn in Brussels 🇪🇺 ."
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/v1/label", method: .post, headers: Self.jsonHeaders,
                                     body: Self.json(#"{"text": "Zoë met Peter Blackburn in Brussels 🇪🇺 ."}"#)) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(Labelled.self, from: Data(response.body.readableBytesView))
                #expect(body.offsetUnit == "unicode_scalar")
                let scalars = Array(text.unicodeScalars)
                for word in body.words {
                    #expect(String(String.UnicodeScalarView(scalars[word.start..<word.end])) == word.word)
                }
                #expect(body.entities.contains { $0.text == "Peter Blackburn" && $0.label == "PER" })
                #expect(body.entities.contains { $0.text == "Brussels" && $0.label == "LOC" })
            }
        }
    }

    @Test func batchOfWordsInSpacyFormat() async throws {
        try await Self.application().test(.router) { client in
            let body = #"{"documents": [{"words": ["Peter", "Blackburn", "visited", "Paris", "."]}, {"text": "Nothing here ."}]}"#
            try await client.execute(uri: "/v1/label?format=spacy", method: .post, headers: Self.jsonHeaders,
                                     body: Self.json(body)) { response in
                #expect(response.status == .ok)
                let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                let documents = object?["documents"] as? [[String: Any]]
                #expect(documents?.count == 2)
                #expect(documents?.first?["text"] as? String == "Peter Blackburn visited Paris .")
                let ents = documents?.first?["ents"] as? [[String: Any]]
                #expect(ents?.first?["start"] as? Int == 0 && ents?.first?["end"] as? Int == 15)
            }
        }
    }

    @Test(arguments: [
        (#"{"text": "#, "malformed_json", 400),
        (#"{"text": 5}"#, "malformed_json", 400),
        (#"{"text": "   "}"#, "empty_document", 422),
        (#"{"text": "a", "words": ["a"]}"#, "invalid_request", 422),
        (#"{"words": ["two words"]}"#, "invalid_words", 422),
        (#"{"documents": []}"#, "empty_batch", 422),
        (#"[1, 2]"#, "malformed_json", 400),
    ])
    func badBodiesGetJSONErrors(body: String, code: String, status: Int) async throws {
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/v1/label", method: .post, headers: Self.jsonHeaders, body: Self.json(body)) { response in
                #expect(response.status.code == status)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                #expect(error.error.code == code)
            }
        }
    }

    @Test func invalidUTF8IsMalformed() async throws {
        try await Self.application().test(.router) { client in
            var bytes = ByteBuffer(string: #"{"text": ""#)
            bytes.writeBytes([0xFF, 0xFE])
            bytes.writeString(#""}"#)
            try await client.execute(uri: "/v1/label", method: .post, headers: Self.jsonHeaders, body: bytes) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func limitsAreEnforcedWithNumbers() async throws {
        let app = Self.application { $0.maxWordsPerDocument = 3; $0.maxBodyBytes = 200 }
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/label", method: .post, headers: Self.jsonHeaders,
                                     body: Self.json(#"{"text": "one two three four"}"#)) { response in
                #expect(response.status.code == 422)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                #expect(error.error.code == "document_too_long")
                #expect(error.error.details == ["actual": 4, "allowed": 3])
            }
            let big = #"{"text": ""# + String(repeating: "x ", count: 200) + #""}"#
            try await client.execute(uri: "/v1/label", method: .post, headers: Self.jsonHeaders, body: Self.json(big)) { response in
                #expect(response.status == .contentTooLarge)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                #expect(error.error.code == "body_too_large")
            }
        }
    }

    @Test func wrongContentTypeAndUnknownRoute() async throws {
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/v1/label", method: .post, headers: [.contentType: "text/plain"],
                                     body: Self.json("hello")) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            try await client.execute(uri: "/v1/nothing", method: .get) { response in
                #expect(response.status == .notFound)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                #expect(error.error.code == "not_found")
            }
        }
    }

    @Test func modelRouteAndHealth() async throws {
        try await Self.application(ready: false).test(.router) { client in
            try await client.execute(uri: "/health/live", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/health/ready", method: .get) { #expect($0.status == .serviceUnavailable) }
            try await client.execute(uri: "/v1/model", method: .get) { response in
                #expect(response.status == .ok)
                let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect((object?["checkpointDigest"] as? String)?.count == 64)
                #expect((object?["limits"] as? [String: Any])?["maxWordsPerDocument"] as? Int == 200_000)
            }
        }
        try await Self.application(ready: true).test(.router) { client in
            try await client.execute(uri: "/health/ready", method: .get) { #expect($0.status == .ok) }
        }
    }
}
