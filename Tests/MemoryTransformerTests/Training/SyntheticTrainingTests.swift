// End to end: train `learned` and `none` on the synthetic long-range task exactly as
// `memtx synth --words 128 --chunk-size 16 --memory-size 8 --min-distance 24` and
// `memtx train --d-model 32 --mlp-hidden 128 --chunk-size 16 --memory-size 8
// --ngram-buckets 4096 --documents-per-step 4 --learning-rate 3e-3 --steps 1500` would,
// with three seeds each, and check on the medians that the learned memory wins by a wide
// margin on the words that need it, that local typing is learned, and that the win goes
// away when the same models are evaluated with an empty memory (so the test can fail).
// The six runs go two at a time (one per core); about a minute, 3 with the slow
// `OPENBLAS_CORETYPE=Sandybridge` kernels that `.ci/run` also runs it under.
import Dispatch
import Foundation
import Kernels
import Synchronization
import Testing
@testable import MemoryTransformer

@Suite(.serialized, .tags(.slowTraining)) struct SyntheticTrainingTests {
    static let steps = 1500
    static let documentsPerStep = 4
    static let seeds: [UInt64] = [1, 2, 3]
    /// How far the learned memory's median must beat `none`'s on words that need memory.
    static let margin = 0.12

    static func task(seed: UInt64, documents: Int) throws -> [LabeledDocument] {
        var config = SyntheticTaskConfig()
        config.seed = seed
        config.documents = documents
        config.wordsPerDocument = 128
        config.chunkSize = 16
        config.minDistance = 24
        config.memorySize = 8
        return try SyntheticTask(config: config).generate()
    }

    static func train(_ variant: MemoryVariant, seed: UInt64, on documents: [LabeledDocument]) throws -> MemoryTransformerModel {
        var config = ModelConfig(labels: TrainingData.labels(of: documents))
        config.dModel = 32
        config.heads = 4
        config.layers = 2
        config.mlpHidden = 128
        config.chunkSize = 16
        config.memorySize = 8
        config.memoryVariant = variant
        config.ngramBuckets = 4096
        let vocabulary = TrainingData.vocabulary(of: documents, minDocuments: 2)
        config.vocabularySize = vocabulary.count
        try config.validate()
        let model = MemoryTransformerModel(config: config, vocabulary: vocabulary, seed: seed)
        var training = TrainingConfig()
        training.seed = seed
        training.steps = steps
        training.warmupSteps = 100
        training.learningRate = 3e-3
        training.documentsPerStep = documentsPerStep
        let trainer = Trainer(model: model, config: training)
        var order = DocumentOrder(count: documents.count, seed: seed)
        while trainer.step < steps {
            let first = trainer.step * documentsPerStep
            _ = trainer.step(documents: (first..<(first + documentsPerStep)).map { documents[order.index($0)] })
        }
        return model
    }

    /// One trained run's scores on the dev documents.
    struct RunScores: Sendable {
        var variant: MemoryVariant
        var seed: UInt64
        /// Accuracy on words that need memory, with the model's memory and with an empty one.
        var needsMemory: Double
        var needsMemoryEmpty: Double
        var localEntity: Double
        var neededWordKept: Double
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    @Test func learnedMemoryBeatsNoMemoryOnWordsThatNeedIt() throws {
        BLASThreads.set(1)
        let train = try Self.task(seed: 5, documents: 6000)
        let dev = try Self.task(seed: 6, documents: 200)
        let runs = Self.seeds.flatMap { seed in [MemoryVariant.learned, .none].map { ($0, seed) } }
        let results = Mutex<[Int: Result<RunScores, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: runs.count) { i in
            let (variant, seed) = runs[i]
            let result = Result<RunScores, any Error> {
                let evaluator = ModelEvaluator(model: try Self.train(variant, seed: seed, on: train))
                let report = try evaluator.evaluate(dev)
                let empty = try evaluator.evaluate(dev, capacity: 0)
                return RunScores(variant: variant, seed: seed,
                                 needsMemory: report.tokenAccuracy.memory.accuracy,
                                 needsMemoryEmpty: empty.tokenAccuracy.memory.accuracy,
                                 localEntity: report.tokenAccuracy.localEntity.accuracy,
                                 neededWordKept: report.memory.neededWordKeptRate)
            }
            results.withLock { $0[i] = result }
        }
        let scores = try results.withLock { all in try runs.indices.map { try all[$0]!.get() } }
        for run in scores {
            print("\(run.variant) seed \(run.seed): needs-memory \(run.needsMemory) (empty memory \(run.needsMemoryEmpty)), local entities \(run.localEntity), needed word kept \(run.neededWordKept)")
        }
        let learned = scores.filter { $0.variant == .learned }, none = scores.filter { $0.variant == .none }
        let learnedMemory = Self.median(learned.map(\.needsMemory)), noneMemory = Self.median(none.map(\.needsMemory))
        let learnedEmpty = Self.median(learned.map(\.needsMemoryEmpty))
        #expect(dev.flatMap(\.needsMemory).filter { $0 }.count > 500)
        #expect(learnedMemory > noneMemory + Self.margin, "median needs-memory accuracy: learned \(learnedMemory), none \(noneMemory)")
        // The control: the same learned models with their memory emptied lose the win.
        #expect(learnedEmpty < noneMemory + Self.margin, "learned with an empty memory \(learnedEmpty) vs none \(noneMemory)")
        #expect(learnedMemory > learnedEmpty + Self.margin, "learned \(learnedMemory) vs its empty memory \(learnedEmpty)")
        #expect(Self.median(learned.map(\.localEntity)) > 0.8, "local typing was learned (learned)")
        #expect(Self.median(none.map(\.localEntity)) > 0.8, "local typing was learned (none)")
    }
}
