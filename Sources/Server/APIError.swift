// The one error shape of the API: status plus {"error": {"code", "message", …}}.
import Foundation
import Hummingbird

/// An error answered as JSON with a matching HTTP status.
public struct APIError: Error, HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    /// Stable machine-readable code, e.g. `malformed_json`, `empty_document`.
    public let code: String
    public let message: String
    /// Extra numbers for the client (e.g. `actual`, `allowed`).
    public let details: [String: Int]
    /// Seconds the client should wait before retrying (sent as `Retry-After`).
    public let retryAfter: Int?

    public init(_ status: HTTPResponse.Status, code: String, message: String, details: [String: Int] = [:],
                retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.retryAfter = retryAfter
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let details: [String: Int]?
        }
        let error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(code: code, message: message, details: details.isEmpty ? nil : details))
        var response = try JSONResponse.make(body, status: status)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"memtx\"" }
        return response
    }

    static func malformedJSON(_ reason: String) -> APIError {
        APIError(.badRequest, code: "malformed_json", message: "the body is not valid JSON for this route: \(reason)")
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

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder().encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
