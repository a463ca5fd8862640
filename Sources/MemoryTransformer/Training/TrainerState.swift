// Resumable training: the optimiser's moments and step, saved beside the checkpoint
// (optimizer.safetensors + training.json), restored by `Trainer.resume(from:)`.
import Foundation
import Kernels

/// What `training.json` holds.
public struct TrainingProgress: Codable, Sendable, Equatable {
    public var step: Int
    public var config: TrainingConfig
    /// Seconds spent training so far (summed over resumed runs).
    public var seconds: Double
}

extension Trainer {
    static let optimizerFile = "optimizer.safetensors"
    static let progressFile = "training.json"

    /// Saves the model checkpoint plus optimiser state into `directory`.
    public func save(to directory: URL, seconds: Double) throws {
        try model.save(to: directory)
        var tensors: [(name: String, tensor: Tensor)] = []
        for (index, parameter) in model.parameters.named.enumerated() {
            tensors.append((name: "m." + parameter.name, tensor: optimizer.firstMoments[index]))
            tensors.append((name: "v." + parameter.name, tensor: optimizer.secondMoments[index]))
        }
        let data = try SafeTensors.encode(tensors, metadata: ["step": String(optimizer.step)])
        try data.write(to: directory.appendingPathComponent(Self.optimizerFile), options: .atomic)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let progress = TrainingProgress(step: optimizer.step, config: config, seconds: seconds)
        try encoder.encode(progress).write(to: directory.appendingPathComponent(Self.progressFile), options: .atomic)
    }

    /// Restores optimiser moments and step from `directory`; returns the saved progress.
    public func resume(from directory: URL) throws -> TrainingProgress {
        let progressURL = directory.appendingPathComponent(Self.progressFile)
        guard let progressData = try? Data(contentsOf: progressURL) else {
            throw CheckpointError.missingFile(path: progressURL.path)
        }
        let progress: TrainingProgress
        do { progress = try JSONDecoder().decode(TrainingProgress.self, from: progressData) } catch {
            throw CheckpointError.corrupt(path: progressURL.path, reason: "not a training progress file")
        }
        let optimizerURL = directory.appendingPathComponent(Self.optimizerFile)
        guard let data = try? Data(contentsOf: optimizerURL) else {
            throw CheckpointError.missingFile(path: optimizerURL.path)
        }
        let decoded = try SafeTensors.decode(data, file: optimizerURL.path)
        for (index, parameter) in model.parameters.named.enumerated() {
            for (prefix, target) in [("m.", optimizer.firstMoments[index]), ("v.", optimizer.secondMoments[index])] {
                guard let tensor = decoded.tensors[prefix + parameter.name] else {
                    throw CheckpointError.missingTensor(name: prefix + parameter.name)
                }
                guard tensor.shape == target.shape else {
                    throw CheckpointError.shapeMismatch(name: prefix + parameter.name, expected: target.shape, found: tensor.shape)
                }
                target.copy(from: tensor)
            }
        }
        optimizer.restore(step: progress.step)
        return progress
    }
}
