// CheckpointManifest: manifest.json, the list of a checkpoint's files and their SHA-256.
// The sha256 of the manifest's own bytes is the checkpoint's identity (its digest).
import Crypto
import Foundation

/// Contents of `manifest.json`: `{"files": {name: sha256 hex}, "formatVersion": 1}`.
public struct CheckpointManifest: Codable, Equatable, Sendable {
    /// The checkpoint directory format this manifest describes.
    public var formatVersion: Int
    /// File name inside the checkpoint directory → lowercase hex SHA-256 of its bytes.
    public var files: [String: String]

    /// The directory format this build writes and reads.
    public static let currentFormatVersion = 1

    /// Lowercase hex SHA-256 of `data`.
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Deterministic JSON bytes (sorted keys, no escaped slashes, trailing newline).
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Parses manifest bytes read from `path`; checks the version before anything else.
    static func decode(_ data: Data, path: String) throws -> CheckpointManifest {
        struct VersionOnly: Decodable { let formatVersion: Int }
        let decoder = JSONDecoder()
        let version: Int
        do {
            version = try decoder.decode(VersionOnly.self, from: data).formatVersion
        } catch {
            throw CheckpointError.corrupt(path: path, reason: "no integer formatVersion in manifest JSON (\(error))")
        }
        guard version == currentFormatVersion else {
            throw CheckpointError.unsupportedVersion(path: path, found: version, supported: currentFormatVersion)
        }
        do {
            return try decoder.decode(CheckpointManifest.self, from: data)
        } catch {
            throw CheckpointError.corrupt(path: path, reason: "manifest JSON does not decode (\(error))")
        }
    }
}
