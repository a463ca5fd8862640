// End to end: train `learned` and `none` on the synthetic long-range task exactly as
// `memtx synth --words 128 --chunk-size 16 --memory-size 8 --min-distance 24` and
// `memtx train --d-model 32 --chunk-size 16 --memory-size 8 --ngram-buckets 4096
// --documents-per-step 4 --learning-rate 3e-3 --steps 1500` would, and check that the
// learned memory wins by a wide margin on the words that need it. About 1–2 minutes.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite(.serialized) struct SyntheticTrainingTests {
    static let steps = 1500
    static let documentsPerStep = 4

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

    static func train(_ variant: MemoryVariant, on documents: [LabeledDocument]) throws -> MemoryTransformerModel {
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
        let model = MemoryTransformerModel(config: config, vocabulary: vocabulary, seed: 1)
        var training = TrainingConfig()
        training.steps = steps
        training.warmupSteps = 100
        training.learningRate = 3e-3
        training.documentsPerStep = documentsPerStep
        let trainer = Trainer(model: model, config: training)
        var order = DocumentOrder(count: documents.count, seed: 1)
        while trainer.step < steps {
            let first = trainer.step * documentsPerStep
            _ = trainer.step(documents: (first..<(first + documentsPerStep)).map { documents[order.index($0)] })
        }
        return model
    }

    @Test func learnedMemoryBeatsNoMemoryOnWordsThatNeedIt() throws {
        BLASThreads.set(1)
        let train = try Self.task(seed: 5, documents: 6000)
        let dev = try Self.task(seed: 6, documents: 60)
        let learned = try ModelEvaluator(model: Self.train(.learned, on: train)).evaluate(dev)
        let none = try ModelEvaluator(model: Self.train(.none, on: train)).evaluate(dev)
        let learnedMemory = learned.tokenAccuracy.memory.accuracy, noneMemory = none.tokenAccuracy.memory.accuracy
        print("needs-memory accuracy: learned \(learnedMemory), none \(noneMemory); local entities: learned \(learned.tokenAccuracy.localEntity.accuracy), none \(none.tokenAccuracy.localEntity.accuracy); kept \(learned.memory.neededWordKeptRate)")
        #expect(learned.tokenAccuracy.memory.total > 100)
        #expect(learnedMemory > noneMemory + 0.15, "learned \(learnedMemory) vs none \(noneMemory)")
        #expect(learned.memory.neededWordKeptRate > 0.2)
        #expect(learned.tokenAccuracy.localEntity.accuracy > 0.6, "local typing was learned")
    }
}
