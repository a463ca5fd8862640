// The contract as the tests read it: openapi.yaml parsed with Yams, and a validator for
// the subset of JSON Schema the spec uses (type, properties, required,
// additionalProperties, items, enum, const, oneOf, $ref, minimum, maximum). Every
// response a route test sees is checked against the spec's schema for its path,
// method, status and content type.
import Foundation
import Yams

/// openapi.yaml, loaded once.
struct OpenAPIContract: @unchecked Sendable {
    let document: [String: Any]
    /// Why the spec could not be read (every check then fails with this), or nil.
    var loadError: String? = nil

    static let shared: OpenAPIContract = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("openapi.yaml")
        do {
            let text = try String(contentsOf: url, encoding: .utf8)
            guard let document = try Yams.load(yaml: text) as? [String: Any] else {
                return OpenAPIContract(document: [:], loadError: "openapi.yaml is not a mapping")
            }
            return OpenAPIContract(document: document)
        } catch {
            return OpenAPIContract(document: [:], loadError: "openapi.yaml cannot be read: \(error)")
        }
    }()

    var paths: [String: Any] { document["paths"] as? [String: Any] ?? [:] }

    /// The spec's path template matching a concrete path (`{id}` matches one segment).
    func template(for path: String) -> String? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return paths.keys.first { template in
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == segments.count
                && zip(parts, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    /// Problems with a response, empty when it conforms: the status must be documented
    /// for the operation, and a JSON body must match the documented schema.
    func violations(method: String, path: String, status: Int, contentType: String?, body: Data) -> [String] {
        let route = "\(method.uppercased()) \(path) → \(status)"
        if let loadError { return [loadError] }
        guard let template = template(for: path) else { return ["\(route): path not in the spec"] }
        guard let operation = (paths[template] as? [String: Any])?[method.lowercased()] as? [String: Any] else {
            return ["\(route): method not in the spec for \(template)"]
        }
        guard var response = (operation["responses"] as? [String: Any])?[String(status)] as? [String: Any] else {
            return ["\(route): status not documented for \(template)"]
        }
        if let reference = response["$ref"] as? String { response = resolve(reference) }
        guard let content = response["content"] as? [String: Any] else {
            return body.isEmpty ? [] : ["\(route): a body where the spec has none"]
        }
        let mediaType = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard let media = content[mediaType] as? [String: Any] else {
            return ["\(route): content type \(mediaType) not documented (\(content.keys.sorted()))"]
        }
        guard mediaType == "application/json", let schema = media["schema"] else { return [] }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            return ["\(route): body is not JSON"]
        }
        return validate(value, against: schema, at: "$").map { "\(route): \($0)" }
    }

    /// The object a local `$ref` points to.
    func resolve(_ reference: String) -> [String: Any] {
        var node: Any = document
        for part in reference.dropFirst(2).split(separator: "/") {
            node = (node as! [String: Any])[String(part)]!
        }
        return node as! [String: Any]
    }

    /// Schema violations of `value` at `path`.
    func validate(_ value: JSONValue, against schemaNode: Any, at path: String) -> [String] {
        guard var schema = schemaNode as? [String: Any] else { return [] }
        if let reference = schema["$ref"] as? String { schema = resolve(reference) }
        if let options = schema["oneOf"] as? [Any] {
            let matching = options.filter { validate(value, against: $0, at: path).isEmpty }.count
            return matching == 1 ? [] : ["\(path): matches \(matching) of oneOf's \(options.count) schemas"]
        }
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [type as! String]
            if !types.contains(where: value.isOfType) {
                return ["\(path): \(value) is not \(types.joined(separator: " or "))"]
            }
        }
        var problems: [String] = []
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { value.equals($0) }) {
            problems.append("\(path): \(value) not in \(allowed)")
        }
        if let constant = schema["const"], !value.equals(constant) {
            problems.append("\(path): \(value) is not \(constant)")
        }
        if case .number(let number) = value {
            if let minimum = Self.double(schema["minimum"]), number < minimum { problems.append("\(path): \(number) < \(minimum)") }
            if let maximum = Self.double(schema["maximum"]), number > maximum { problems.append("\(path): \(number) > \(maximum)") }
        }
        if case .object(let object) = value {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): missing required \(key)")
            }
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                if let propertySchema = properties[key] {
                    problems += validate(member, against: propertySchema, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] {
                    if let allowed = additional as? Bool {
                        if !allowed { problems.append("\(path): unexpected property \(key)") }
                    } else {
                        problems += validate(member, against: additional, at: "\(path).\(key)")
                    }
                }
            }
        }
        if case .array(let array) = value, let items = schema["items"] {
            for (index, element) in array.enumerated() {
                problems += validate(element, against: items, at: "\(path)[\(index)]")
            }
        }
        return problems
    }

    static func double(_ node: Any?) -> Double? {
        if let value = node as? Double { return value }
        if let value = node as? Int { return Double(value) }
        return nil
    }
}

/// Any JSON value, decoded strictly (a number is never a boolean).
enum JSONValue: Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func isOfType(_ type: String) -> Bool {
        switch (self, type) {
        case (.null, "null"), (.bool, "boolean"), (.number, "number"), (.string, "string"),
             (.array, "array"), (.object, "object"): return true
        case (.number(let value), "integer"): return value == value.rounded()
        default: return false
        }
    }

    /// Equality with a YAML scalar (enum and const values).
    func equals(_ scalar: Any) -> Bool {
        switch self {
        case .string(let value): return (scalar as? String) == value
        case .bool(let value): return (scalar as? Bool) == value
        case .number(let value): return OpenAPIContract.double(scalar) == value
        default: return false
        }
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return "\(value)"
        case .number(let value): return "\(value)"
        case .string(let value): return "\"\(value)\""
        case .array(let values): return "[\(values.count) items]"
        case .object(let members): return "{\(members.keys.sorted().joined(separator: ","))}"
        }
    }
}
