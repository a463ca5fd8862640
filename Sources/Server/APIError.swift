// The one error shape of the API: status plus {"error": {"code", "message", …}}, formatted
// here and nowhere else. The code (APIErrorCode) decides the status.
import Foundation
import Hummingbird

/// An error answered as JSON with a matching HTTP status.
public struct APIError: Error, HTTPResponseError, Sendable {
    /// Stable machine-readable code, e.g. `malformed_json`, `empty_document`.
    public let code: APIErrorCode
    public let message: String
    /// Extra numbers for the client (e.g. `actual`, `allowed`).
    public let details: [String: Int]
    /// Seconds the client should wait before retrying (sent as `Retry-After`).
    public let retryAfter: Int?
    /// Further response headers (e.g. `Allow` with a 405, `Connection: close`).
    public let headers: HTTPFields

    /// The error `code`, with `message` (default: the code's own) and numbers for the client.
    public init(_ code: APIErrorCode, _ message: String? = nil, details: [String: Int] = [:], retryAfter: Int? = nil,
                headers: HTTPFields = [:]) {
        self.code = code
        self.message = message ?? code.defaultMessage
        self.details = details
        self.retryAfter = retryAfter
        self.headers = headers
    }

    /// The HTTP status, always the code's.
    public var status: HTTPResponse.Status { code.status }

    /// The same error with `prefix` before its message (e.g. which NDJSON line it is about).
    func prefixed(_ prefix: String) -> APIError {
        APIError(code, prefix + message, details: details, retryAfter: retryAfter, headers: headers)
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let details: [String: Int]?
        }
        let error: Detail
    }

    /// The JSON body `{"error": {…}}`.
    func jsonBody() -> ByteBuffer {
        let body = Body(error: .init(code: code.rawValue, message: message, details: details.isEmpty ? nil : details))
        // Strings and integers only: encoding cannot fail.
        return ByteBuffer(bytes: (try? JSONResponse.encoder().encode(body)) ?? Data())
    }

    public func response(from request: Request, context: some RequestContext) -> Response {
        var response = JSONResponse.make(bytes: jsonBody(), status: status)
        for field in headers { response.headers.append(field) }
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"memtx\"" }
        return response
    }

    static func malformedJSON(_ reason: String) -> APIError {
        APIError(.malformedJSON, "the body is not valid JSON for this route: \(reason)")
    }
}

/// Encodes a value as a JSON response (sorted snake_case keys, ISO 8601 dates, UTF-8).
enum JSONResponse {
    /// The API's JSON encoder (also used line by line for NDJSON).
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// A response of JSON already written (e.g. by JSONWriter).
    static func make(bytes: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: bytes))
    }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder().encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
