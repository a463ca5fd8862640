// Resumable training: stopping after k updates, saving, loading and continuing gives
// bit-for-bit the weights of an uninterrupted run.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct ResumeTests {
    static func documents() -> [LabeledDocument] {
        (0..<4).map { i in
            let words = TestModels.words(13, seed: UInt64(i))
            let labels = words.map { $0.first?.isUppercase == true ? "B-PER" : "O" }
            return LabeledDocument(id: "d\(i)", words: words, labels: labels)
        }
    }

    static func trainingConfig() -> TrainingConfig {
        var config = TrainingConfig()
        config.steps = 6
        config.warmupSteps = 2
        return config
    }

    @Test func resumedRunEqualsUninterruptedRun() throws {
        let documents = Self.documents()
        let straight = Trainer(model: TestModels.model(variant: .learned, chunkSize: 4, memorySize: 3), config: Self.trainingConfig())
        for step in 0..<6 { _ = straight.step(documents: [documents[step % 4]]) }

        let first = Trainer(model: TestModels.model(variant: .learned, chunkSize: 4, memorySize: 3), config: Self.trainingConfig())
        for step in 0..<3 { _ = first.step(documents: [documents[step % 4]]) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memtx-resume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try first.save(to: directory, seconds: 1.5)

        let (loaded, _) = try MemoryTransformerModel.load(from: directory)
        let second = Trainer(model: loaded, config: Self.trainingConfig())
        let progress = try second.resume(from: directory)
        #expect(progress.step == 3 && second.step == 3 && progress.seconds == 1.5)
        for step in 3..<6 { _ = second.step(documents: [documents[step % 4]]) }

        for (a, b) in zip(straight.model.parameters.named, second.model.parameters.named) {
            #expect(a.tensor.values.map(\.bitPattern) == b.tensor.values.map(\.bitPattern), "\(a.name) differs")
        }
    }

    @Test func resumeWithoutOptimizerStateIsATypedError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memtx-resume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = TestModels.model(variant: .none)
        try model.save(to: directory)
        let trainer = Trainer(model: model, config: Self.trainingConfig())
        #expect(throws: CheckpointError.self) { _ = try trainer.resume(from: directory) }
    }
}
