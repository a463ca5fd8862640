// CheckpointError: everything that can go wrong reading or writing a checkpoint.
// Every case names the file (or tensor) concerned and its description says what to do.

/// Errors raised while encoding, decoding, saving or loading a checkpoint.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// A file the checkpoint needs does not exist.
    case missingFile(path: String)
    /// A file exists but could not be read (permissions, I/O error, not UTF-8 text).
    case unreadable(path: String, reason: String)
    /// A file ends before the bytes its own header promises.
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// A file is structurally invalid (bad JSON, bad offsets, unsupported dtype, …).
    case corrupt(path: String, reason: String)
    /// A file's SHA-256 differs from the one recorded in `manifest.json`.
    case digestMismatch(path: String, expected: String, actual: String)
    /// The manifest or config was written by a format version this build does not read.
    case unsupportedVersion(path: String, found: Int, supported: Int)
    /// `config.json` does not decode, or decodes to an inconsistent configuration.
    case invalidConfig(path: String, reason: String)
    /// A tensor the model needs is not in the checkpoint.
    case missingTensor(name: String)
    /// A tensor has a different shape than the model config implies.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// A tensor name cannot be written (empty, reserved, duplicated, …).
    case invalidTensorName(name: String, reason: String)
    /// A vocabulary entry cannot be written to `vocab.txt` (one word per line).
    case invalidVocabulary(index: Int, reason: String)
    /// Writing the checkpoint failed (disk full, permissions, …).
    case writeFailed(path: String, reason: String)

    private static let retrain =
        "re-download or re-train the checkpoint; `memtx train --out DIR` writes one"

    public var description: String {
        switch self {
        case .missingFile(let path):
            "checkpoint file \(path) is missing; point at a complete checkpoint directory or \(Self.retrain)"
        case .unreadable(let path, let reason):
            "cannot read checkpoint file \(path): \(reason); check permissions and the disk, or \(Self.retrain)"
        case .truncated(let path, let expected, let actual):
            "checkpoint file \(path) is truncated: expected at least \(expected) bytes, found \(actual); \(Self.retrain)"
        case .corrupt(let path, let reason):
            "checkpoint file \(path) is corrupt: \(reason); \(Self.retrain)"
        case .digestMismatch(let path, let expected, let actual):
            "checkpoint file \(path) does not match manifest.json (sha256 \(actual), expected \(expected)): "
                + "it was modified or damaged; \(Self.retrain)"
        case .unsupportedVersion(let path, let found, let supported):
            "\(path) has format version \(found) but this build reads version \(supported); "
                + "use a matching memtx build or re-train with this one (`memtx train --out DIR`)"
        case .invalidConfig(let path, let reason):
            "model configuration \(path) is invalid: \(reason); fix the config or \(Self.retrain)"
        case .missingTensor(let name):
            "the checkpoint has no tensor \"\(name)\": it was written for a different model; "
                + "use the checkpoint that matches config.json or \(Self.retrain)"
        case .shapeMismatch(let name, let expected, let found):
            "tensor \"\(name)\" has shape \(found) but the config implies \(expected): "
                + "config.json and model.safetensors disagree; \(Self.retrain)"
        case .invalidTensorName(let name, let reason):
            "cannot write tensor \"\(name)\": \(reason); give every tensor a unique, non-empty name"
        case .invalidVocabulary(let index, let reason):
            "cannot write vocabulary entry \(index): \(reason); words must not contain line breaks"
        case .writeFailed(let path, let reason):
            "could not write checkpoint \(path): \(reason); check free space and permissions, then save again"
        }
    }
}
