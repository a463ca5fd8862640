// Checkpoint: a directory holding config.json, model.safetensors, vocab.txt and
// manifest.json (the SHA-256 of the other three). Saving is atomic: the files are
// written to a hidden sibling directory that then replaces the target. Loading checks
// every digest before parsing anything, so damage is reported as such, naming the file.
// Layout and guarantees: docs/CHECKPOINT.md.
import Foundation
import Kernels

/// Saving and loading checkpoint directories.
public enum Checkpoint {
    /// The model configuration file inside a checkpoint directory.
    public static let configFile = "config.json"
    /// The parameter tensors file (safetensors, F32).
    public static let modelFile = "model.safetensors"
    /// The vocabulary file, one word per line.
    public static let vocabularyFile = "vocab.txt"
    /// The manifest: format version and the SHA-256 of the three other files.
    public static let manifestFile = "manifest.json"

    /// Writes a checkpoint to `directory`, replacing an existing checkpoint there; the tensors
    /// named in `halfPrecision` are stored as F16.
    ///
    /// Refuses to replace a directory that is neither empty nor a checkpoint.
    /// - Throws: `CheckpointError.invalidConfig`, `.invalidTensorName`, `.invalidVocabulary`, `.writeFailed`.
    public static func save(
        to directory: URL, config: ModelConfig,
        tensors: [(name: String, tensor: Tensor)], vocabulary: [String], halfPrecision: Set<String> = []
    ) throws {
        let target = directory.standardizedFileURL
        do { try config.validate() } catch {
            throw CheckpointError.invalidConfig(path: target.appendingPathComponent(configFile).path, reason: "\(error)")
        }
        let files = [
            configFile: try encodeConfig(config),
            modelFile: try SafeTensors.encode(tensors, metadata: ["format": "memtx", "formatVersion": "1"],
                                           halfPrecision: halfPrecision),
            vocabularyFile: try encodeVocabulary(vocabulary),
        ]
        let manifest = CheckpointManifest(
            formatVersion: CheckpointManifest.currentFormatVersion,
            files: files.mapValues(CheckpointManifest.sha256Hex))
        var all = files
        all[manifestFile] = try manifest.encoded()
        try AtomicDirectoryWriter.write(all, to: target)
    }

    /// Reads and verifies the checkpoint in `directory`.
    ///
    /// Order: manifest version, then every file's SHA-256 against the manifest, then
    /// config.json (decoded and validated), model.safetensors, vocab.txt.
    /// - Throws: `CheckpointError` naming the offending file.
    public static func load(from directory: URL) throws -> LoadedCheckpoint {
        let dir = directory.standardizedFileURL
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

        let manifestData = try read(path(manifestFile))
        let manifest = try CheckpointManifest.decode(manifestData, path: path(manifestFile))
        let required = [configFile, modelFile, vocabularyFile]
        let extra = Set(manifest.files.keys).subtracting(required)
        guard extra.isEmpty else {
            throw CheckpointError.corrupt(path: path(manifestFile), reason: "lists unknown files \(extra.sorted())")
        }
        var contents: [String: Data] = [:]
        for name in required {
            guard let expected = manifest.files[name] else {
                throw CheckpointError.corrupt(path: path(manifestFile), reason: "has no digest for \(name)")
            }
            let data = try read(path(name))
            let actual = CheckpointManifest.sha256Hex(data)
            guard actual == expected.lowercased() else {
                throw CheckpointError.digestMismatch(path: path(name), expected: expected, actual: actual)
            }
            contents[name] = data
        }

        let config = try decodeConfig(contents[configFile] ?? Data(), path: path(configFile))
        let model = try SafeTensors.decode(contents[modelFile] ?? Data(), file: path(modelFile))
        let vocabulary = try decodeVocabulary(contents[vocabularyFile] ?? Data(), path: path(vocabularyFile))
        return LoadedCheckpoint(
            config: config, tensors: model.tensors, vocabulary: vocabulary,
            digest: CheckpointManifest.sha256Hex(manifestData))
    }

    // MARK: - Files

    private static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CheckpointError.missingFile(path: path)
        }
        if isDirectory.boolValue { throw CheckpointError.unreadable(path: path, reason: "it is a directory") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CheckpointError.unreadable(path: path, reason: error.localizedDescription)
        }
    }

    static func encodeConfig(_ config: ModelConfig) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(config)
        data.append(0x0A)
        return data
    }

    static func decodeConfig(_ data: Data, path: String) throws -> ModelConfig {
        let config: ModelConfig
        do {
            config = try JSONDecoder().decode(ModelConfig.self, from: data)
        } catch {
            throw CheckpointError.invalidConfig(path: path, reason: "does not decode as a model config (\(error))")
        }
        guard config.formatVersion == ModelConfig.currentFormatVersion else {
            throw CheckpointError.unsupportedVersion(
                path: path, found: config.formatVersion, supported: ModelConfig.currentFormatVersion)
        }
        do { try config.validate() } catch {
            throw CheckpointError.invalidConfig(path: path, reason: "\(error)")
        }
        return config
    }

    /// One word per line, each terminated by "\n".
    static func encodeVocabulary(_ words: [String]) throws -> Data {
        var text = ""
        for (index, word) in words.enumerated() {
            if word.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
                throw CheckpointError.invalidVocabulary(index: index, reason: "\(word.debugDescription) contains a line break")
            }
            text += word
            text += "\n"
        }
        return Data(text.utf8)
    }

    static func decodeVocabulary(_ data: Data, path: String) throws -> [String] {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CheckpointError.corrupt(path: path, reason: "not valid UTF-8")
        }
        if text.isEmpty { return [] }
        guard text.utf8.last == 0x0A else {
            throw CheckpointError.corrupt(path: path, reason: "the last line has no terminating newline")
        }
        return text.utf8.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
    }
}
