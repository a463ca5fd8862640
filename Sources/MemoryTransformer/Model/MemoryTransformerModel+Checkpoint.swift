// Loading and saving a model as a checkpoint directory (format: docs/CHECKPOINT.md).
import Foundation
import Kernels

extension MemoryTransformerModel {
    /// Loads and verifies a checkpoint; every tensor must be present with its shape.
    /// Throws `CheckpointError` naming the file and what to do.
    public static func load(from directory: URL) throws -> (model: MemoryTransformerModel, digest: String) {
        let loaded = try Checkpoint.load(from: directory)
        let parameters = ModelParameters(config: loaded.config)
        for (name, tensor, _) in parameters.named {
            tensor.copy(from: try loaded.tensor(name, shape: tensor.shape))
        }
        let vocabulary = Vocabulary(words: loaded.vocabulary)
        guard vocabulary.count == loaded.config.vocabularySize else {
            throw CheckpointError.shapeMismatch(
                name: Checkpoint.vocabularyFile, expected: [loaded.config.vocabularySize], found: [vocabulary.count])
        }
        return (MemoryTransformerModel(config: loaded.config, parameters: parameters, vocabulary: vocabulary), loaded.digest)
    }

    /// Writes config, weights, vocabulary and manifest to `directory` (atomically).
    public func save(to directory: URL) throws {
        try Checkpoint.save(
            to: directory, config: config,
            tensors: parameters.named.map { (name: $0.name, tensor: $0.tensor) },
            vocabulary: featurizer.vocabulary.words,
            halfPrecision: config.halfPrecisionWordTable ? [ModelParameters.wordTableName] : [])
    }
}
