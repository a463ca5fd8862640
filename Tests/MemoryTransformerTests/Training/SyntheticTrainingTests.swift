// End to end: train `learned` and `none` briefly on the synthetic long-range task and
// check that the learned memory wins by a wide margin on the words that need it, while
// both do comparably on words whose context is local. Runs in about a minute.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite(.serialized) struct SyntheticTrainingTests {
    static let steps = 700

    static func task(seed: UInt64, documents: Int) throws -> [LabeledDocument] {
        var config = SyntheticTaskConfig()
        config.seed = seed
        config.documents = documents
        config.wordsPerDocument = 128
        config.chunkSize = 16
        config.minDistance = 24
        config.memorySize = 8
        config.referenceWords = 128
        return try SyntheticTask(config: config).generate()
    }

    static func train(_ variant: MemoryVariant, on documents: [LabeledDocument]) -> MemoryTransformerModel {
        var config = ModelConfig(labels: SyntheticTask.labels)
        config.dModel = 32
        config.heads = 2
        config.layers = 2
        config.mlpHidden = 64
        config.chunkSize = 16
        config.memorySize = 8
        config.memoryVariant = variant
        config.ngramBuckets = 4096
        var counts: [String: Int] = [:]
        for document in documents { for word in Set(document.words.map(Vocabulary.normalise)) { counts[word, default: 0] += 1 } }
        let vocabulary = Vocabulary.build(counts: counts, minCount: 2, maxSize: 10_000)
        config.vocabularySize = vocabulary.count
        let model = MemoryTransformerModel(config: config, vocabulary: vocabulary, seed: 1)
        var training = TrainingConfig()
        training.steps = steps
        training.warmupSteps = 50
        training.learningRate = 3e-3
        let trainer = Trainer(model: model, config: training)
        for step in 0..<steps { _ = trainer.step(documents: [documents[step % documents.count]]) }
        return model
    }

    @Test func learnedMemoryBeatsNoMemoryOnWordsThatNeedIt() throws {
        BLASThreads.set(1)
        let train = try Self.task(seed: 1, documents: Self.steps)
        let dev = try Self.task(seed: 2, documents: 40)
        let learned = try ModelEvaluator(model: Self.train(.learned, on: train)).evaluate(dev)
        let none = try ModelEvaluator(model: Self.train(.none, on: train)).evaluate(dev)
        let learnedMemory = learned.tokenAccuracy.memory.accuracy, noneMemory = none.tokenAccuracy.memory.accuracy
        print("needs-memory accuracy: learned \(learnedMemory), none \(noneMemory); local entities: learned \(learned.tokenAccuracy.localEntity.accuracy), none \(none.tokenAccuracy.localEntity.accuracy); kept \(learned.memory.neededWordKeptRate)")
        #expect(learned.tokenAccuracy.memory.total > 100)
        #expect(learnedMemory > noneMemory + 0.3, "learned \(learnedMemory) vs none \(noneMemory)")
        #expect(learned.memory.neededWordKeptRate > 0.5)
    }
}
