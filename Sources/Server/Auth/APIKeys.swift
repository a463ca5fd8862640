// API keys: several, from a file (one per line, `#` comments) and/or a comma-separated
// environment variable. A key is never stored: sessions record its owner fingerprint
// (the first 16 hex digits of its SHA-256), which is all a store ever sees.
import Crypto
import Foundation

/// Why a keys file could not be used.
public enum APIKeysError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case tooShort(path: String, line: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read API keys file \(path): \(reason)"
        case .tooShort(let path, let line): return "\(path):\(line): an API key must have at least 16 characters"
        }
    }
}

/// The accepted API keys; empty means the API is open.
public struct APIKeys: Sendable {
    /// Owner fingerprint of each accepted key, by the key's full SHA-256.
    private let owners: [Data: String]

    /// No keys: every request is accepted as owner `anonymous`.
    public static let open = APIKeys(keys: [])

    public init(keys: [String]) {
        var owners: [Data: String] = [:]
        for key in keys {
            let digest = Data(SHA256.hash(data: Data(key.utf8)))
            owners[digest] = "key:" + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
        }
        self.owners = owners
    }

    /// Keys from `file` (if given) plus the comma-separated `environment` list.
    public static func load(file: String?, environment: String?) throws -> APIKeys {
        var keys = (environment ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if let file {
            let contents: String
            do { contents = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw APIKeysError.unreadable(path: file, reason: "\(error.localizedDescription)")
            }
            for (number, line) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let key = line.trimmingCharacters(in: .whitespaces)
                if key.isEmpty || key.hasPrefix("#") { continue }
                guard key.count >= 16 else { throw APIKeysError.tooShort(path: file, line: number + 1) }
                keys.append(key)
            }
        }
        return APIKeys(keys: keys)
    }

    /// True when no key is configured.
    public var isOpen: Bool { owners.isEmpty }

    /// Number of accepted keys.
    public var count: Int { owners.count }

    /// The owner fingerprint of `key`, or nil if it is not accepted.
    public func owner(of key: String) -> String? {
        owners[Data(SHA256.hash(data: Data(key.utf8)))]
    }
}
