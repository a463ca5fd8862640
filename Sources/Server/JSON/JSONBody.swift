// Reading request bodies at the edge: the content type is checked (415), the body is
// read up to the limit (413 as soon as it is passed), UTF-8 is validated (400), fields
// the route does not know and explicit nulls are refused (422), and JSON is decoded with
// snake_case keys (400 for malformed JSON or wrong types).
import Foundation
import Hummingbird

/// Decoding of JSON request bodies.
enum JSONBody {
    /// The body as `T`. An empty body decodes as `{}` when `emptyIsObject`.
    static func json<T: RequestObject>(_ type: T.Type, from request: Request, limit: Int,
                                       emptyIsObject: Bool = false) async throws -> T {
        let contentType = request.headers[.contentType] ?? "application/json"
        guard isJSON(contentType) else { throw APIError.unsupportedMediaType(contentType, expected: "JSON (Content-Type: application/json)") }
        var body = try await request.body.collect(upTo: limit)
        if body.readableBytes == 0 && emptyIsObject { body = ByteBuffer(string: "{}") }
        return try decode(type, from: Data(body.readableBytesView))
    }

    /// `data` as `T`, with the API's errors for invalid UTF-8, malformed JSON, a body
    /// that is not an object (400), fields `T` does not have (422 `unknown_field`) and
    /// `null` values (422 `null_field`).
    static func decode<T: RequestObject>(_ type: T.Type, from data: Data) throws -> T {
        guard String(validating: data, as: UTF8.self) != nil else {
            throw APIError(.invalidUTF8, "the body is not valid UTF-8")
        }
        if let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) {
            guard let fields = object as? [String: Any] else {
                throw APIError.malformedJSON("the body must be a JSON object")
            }
            try checkFields(fields, of: T.self, at: "")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw APIError.malformedJSON(describe(error))
        }
    }

    /// 422 for a key `T` does not know (`unknown_field`) or a `null` value (`null_field`),
    /// here or in its nested objects.
    static func checkFields(_ object: [String: Any], of type: any RequestObject.Type, at path: String) throws {
        let unknown = object.keys.filter { !type.fields.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw APIError(.unknownField, "unknown field\(unknown.count > 1 ? "s" : "") \(unknown.map { path + $0 }.joined(separator: ", ")); "
                               + "allowed: \(type.fields.sorted().joined(separator: ", "))")
        }
        let nulls = object.filter { $0.value is NSNull }.keys.sorted()
        guard nulls.isEmpty else {
            throw APIError(.nullField, "\(nulls.map { path + $0 }.joined(separator: ", ")) is null: leave an optional field out instead")
        }
        for (key, nestedType) in type.nested {
            for (index, item) in (object[key] as? [Any] ?? []).enumerated() {
                if let nested = item as? [String: Any] { try checkFields(nested, of: nestedType, at: "\(path)\(key)[\(index)].") }
            }
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

/// A JSON request body: decodable, with the fields it accepts (others are refused).
protocol RequestObject: Decodable {
    /// The snake_case keys this object accepts.
    static var fields: Set<String> { get }
    /// Arrays of objects under a key, with the type of their items.
    static var nested: [String: any RequestObject.Type] { get }
}

extension RequestObject {
    static var nested: [String: any RequestObject.Type] { [:] }
}
