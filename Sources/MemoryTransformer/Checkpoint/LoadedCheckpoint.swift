// LoadedCheckpoint: what Checkpoint.load returns, plus typed access to its tensors.

import Kernels

/// A checkpoint read from disk whose files all matched the manifest.
public struct LoadedCheckpoint: Sendable {
    /// The validated model configuration (`config.json`).
    public var config: ModelConfig
    /// Every tensor of `model.safetensors`, by name.
    public var tensors: [String: Tensor]
    /// The words of `vocab.txt`, in file order.
    public var vocabulary: [String]
    /// Lowercase hex SHA-256 of `manifest.json`: the checkpoint's identity.
    public var digest: String

    /// Creates a loaded checkpoint (normally done by `Checkpoint.load`).
    public init(config: ModelConfig, tensors: [String: Tensor], vocabulary: [String], digest: String) {
        self.config = config
        self.tensors = tensors
        self.vocabulary = vocabulary
        self.digest = digest
    }

    /// The tensor called `name`, which must have exactly `shape`.
    ///
    /// - Throws: `CheckpointError.missingTensor` or `CheckpointError.shapeMismatch`.
    public func tensor(_ name: String, shape: [Int]) throws -> Tensor {
        guard let tensor = tensors[name] else { throw CheckpointError.missingTensor(name: name) }
        guard tensor.shape == shape else {
            throw CheckpointError.shapeMismatch(name: name, expected: shape, found: tensor.shape)
        }
        return tensor
    }
}
