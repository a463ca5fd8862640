// Reading request bodies at the edge: the content type is checked (415), the body is
// read up to the limit (413 as soon as it is passed), and decoded in one pass of
// JSONDecoder that also refuses fields the route does not know and explicit nulls (422)
// before it reads any value (400 for malformed JSON or wrong types). Invalid UTF-8 is
// found by the decoder in every string it reads; only a refused body is validated again,
// so that invalid UTF-8 anywhere answers 400 `invalid_utf8` whatever else is wrong.
// Keys are the wire's snake_case names (`RequestObject.fields`; a type's CodingKeys
// spell multi-word ones), with no key conversion.
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
        do {
            return try JSONDecoder().decode(CheckedObject<T>.self, from: data).value
        } catch {
            // Only a refused body is validated as a whole: invalid UTF-8 wins over any
            // other reason, as if it had been checked first.
            guard String(validating: data, as: UTF8.self) != nil else {
                throw APIError(.invalidUTF8, "the body is not valid UTF-8")
            }
            if let error = error as? DecodingError { throw APIError.malformedJSON(describe(error)) }
            throw error
        }
    }

    /// 422 for a key `type` does not know (`unknown_field`) or a `null` value
    /// (`null_field`) in `object`, then in the objects of its nested arrays.
    static func checkFields(_ object: KeyedDecodingContainer<AnyKey>, of type: any RequestObject.Type, at path: String) throws {
        let keys = object.allKeys.map(\.stringValue)
        let unknown = keys.filter { !type.fields.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw APIError(.unknownField, "unknown field\(unknown.count > 1 ? "s" : "") \(unknown.map { path + $0 }.joined(separator: ", ")); "
                               + "allowed: \(type.fields.sorted().joined(separator: ", "))")
        }
        let nulls = try object.allKeys.filter { try object.decodeNil(forKey: $0) }.map(\.stringValue).sorted()
        guard nulls.isEmpty else {
            throw APIError(.nullField, "\(nulls.map { path + $0 }.joined(separator: ", ")) is null: leave an optional field out instead")
        }
        for (key, nestedType) in type.nested {
            try checkItems(of: nestedType, in: object, key: AnyKey(key))
        }
    }

    /// Checks the objects of the array under `key` (anything else is left to the decode proper).
    private static func checkItems<Item: RequestObject>(of _: Item.Type, in object: KeyedDecodingContainer<AnyKey>, key: AnyKey) throws {
        guard object.contains(key) else { return }
        do { _ = try object.decode([CheckedItem<Item>].self, forKey: key) } catch is DecodingError {}
    }

    /// True for `application/json` with or without parameters.
    static func isJSON(_ contentType: String) -> Bool {
        mediaType(contentType) == "application/json"
    }

    /// The media type of a Content-Type header, lowercased, without parameters.
    static func mediaType(_ contentType: String) -> String {
        // The usual exact spelling first: trimming and lowercasing cost about 1 % of an append.
        if contentType == "application/json" { return contentType }
        return contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    /// A short reason for a decoding failure, without Swift type dumps.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted: return "not JSON"
        case .keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "wrong type at \(path.isEmpty ? "the top level" : path)"
        @unknown default: return "cannot decode"
        }
    }

    /// `documents[0].` for the coding path of an array item.
    static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }.joined() + "."
    }
}

/// Any key of a JSON object, as sent.
struct AnyKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(_ string: String) { stringValue = string; intValue = nil }
    init(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
}

/// A body's top-level object: its keys checked, then decoded as `T`, from one parse.
private struct CheckedObject<T: RequestObject>: Decodable {
    let value: T

    init(from decoder: any Decoder) throws {
        let object: KeyedDecodingContainer<AnyKey>
        do { object = try decoder.container(keyedBy: AnyKey.self) } catch DecodingError.typeMismatch(_, _) {
            throw APIError.malformedJSON("the body must be a JSON object")
        }
        try JSONBody.checkFields(object, of: T.self, at: "")
        value = try T(from: decoder)
    }
}

/// An item of a nested array: its keys checked if it is an object (its values are read
/// by the decode proper).
private struct CheckedItem<T: RequestObject>: Decodable {
    init(from decoder: any Decoder) throws {
        guard let object = try? decoder.container(keyedBy: AnyKey.self) else { return }
        try JSONBody.checkFields(object, of: T.self, at: JSONBody.path(decoder.codingPath))
    }
}

/// A JSON request body: decodable, with the fields it accepts (others are refused).
protocol RequestObject: Decodable {
    /// The snake_case keys this object accepts, as sent (CodingKeys spell multi-word ones).
    static var fields: Set<String> { get }
    /// Arrays of objects under a key, with the type of their items.
    static var nested: [String: any RequestObject.Type] { get }
    /// Whether an empty body reads as `{}` (a body with nothing required).
    static var emptyIsObject: Bool { get }
}

extension RequestObject {
    static var nested: [String: any RequestObject.Type] { [:] }
    static var emptyIsObject: Bool { false }
}
