// Reading request bodies at the edge: the content type is checked (415), the body is
// read up to the limit (413 as soon as it is passed), UTF-8 is validated (400) and JSON
// decoded with snake_case keys (400 for malformed JSON or wrong types).
import Foundation
import Hummingbird

/// Decoding of JSON request bodies.
enum JSONBody {
    /// The body as `T`. An empty body decodes as `{}` when `emptyIsObject`.
    static func json<T: Decodable>(_ type: T.Type, from request: Request, limit: Int,
                                   emptyIsObject: Bool = false) async throws -> T {
        let contentType = request.headers[.contentType] ?? "application/json"
        guard isJSON(contentType) else { throw APIError.unsupportedMediaType(contentType, expected: "JSON (Content-Type: application/json)") }
        var body = try await request.body.collect(upTo: limit)
        if body.readableBytes == 0 && emptyIsObject { body = ByteBuffer(string: "{}") }
        return try decode(type, from: Data(body.readableBytesView))
    }

    /// `data` as `T`, with the API's errors for invalid UTF-8 and malformed JSON.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        guard String(validating: data, as: UTF8.self) != nil else {
            throw APIError(.badRequest, code: "invalid_utf8", message: "the body is not valid UTF-8")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw APIError.malformedJSON(describe(error))
        }
    }

    /// True for `application/json` with or without parameters.
    static func isJSON(_ contentType: String) -> Bool {
        mediaType(contentType) == "application/json"
    }

    /// The media type of a Content-Type header, lowercased, without parameters.
    static func mediaType(_ contentType: String) -> String {
        contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    /// A short reason for a decoding failure, without Swift type dumps.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted: return "not JSON"
        case .keyNotFound(let key, _): return "missing field \(snake(key.stringValue))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map { snake($0.stringValue) }.joined(separator: ".")
            return "wrong type at \(path.isEmpty ? "the top level" : path)"
        @unknown default: return "cannot decode"
        }
    }

    private static func snake(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }
}
