// The memory a training chunk attends to: the wider top-(factor × M) memory by default,
// every word of the other chunks with `trainingCandidateFactor = 0`, and in both cases
// pass 1 read as the trainer's own arithmetic; the attention's initial scale.
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct TrainingCandidatesTests {
    static func trainer(factor: Int) -> Trainer {
        var config = TestModels.config(variant: .learned, chunkSize: 4, memorySize: 3)
        config.trainingCandidateFactor = factor
        let model = MemoryTransformerModel(config: config, vocabulary: TestModels.vocabulary, seed: 3)
        var generator = SeededGenerator(seed: 103)
        generator.fillNormal(model.parameters.scoreWeight, std: 0.3)  // scores that differ
        return Trainer(model: model, config: TrainingConfig())
    }

    @Test func factorZeroMakesEveryWordOfTheOtherChunksACandidate() throws {
        let words = Word.placeholders(TestModels.words(14))
        let memories = Self.trainer(factor: 0).passOneMemories(words)
        #expect(memories.map(\.0.chunk) == [0..<4, 4..<8, 8..<12, 12..<14])
        for (chunk, (window, entries)) in memories.enumerated() {
            let positions = Set(entries.map(\.position))
            #expect(positions == Set(0..<14).subtracting(window.words), "chunk \(chunk)")
            #expect(entries.allSatisfy { $0.chunk != chunk })
        }
    }

    @Test func everyWordCandidatesCarryTheScoresOfTheInferenceReading() throws {
        // The entries kept by inference's own (hard top-M) reading are among the candidates
        // with the same score and states: pass 1 is the reading the served model does.
        let trainer = Self.trainer(factor: 0)
        let words = Word.placeholders(TestModels.words(14))
        let all = trainer.passOneMemories(words)[0].1
        var state = DocumentState(memory: trainer.model.emptyMemory())
        trainer.model.read(&state, words: words, path: .naive)
        let kept = trainer.model.finished(state, path: .naive).memory.entries.filter { $0.chunk != 0 }
        #expect(!kept.isEmpty)
        for entry in kept {
            let candidate = try #require(all.first { $0.position == entry.position })
            #expect(candidate.score == entry.score && candidate.states == entry.states)
        }
    }

    @Test func defaultFactorKeepsTheWiderTopMemory() {
        let words = Word.placeholders(TestModels.words(14))
        let memories = Self.trainer(factor: 2).passOneMemories(words)
        for (chunk, (_, entries)) in memories.enumerated() {
            #expect(entries.count <= 6 && entries.allSatisfy { $0.chunk != chunk })
        }
    }

    @Test func attentionWeightsStartAtTheScaleOfTheWidth() {
        // std 1/√d for W_qkv (a plateau otherwise, docs/MODEL.md), 0.02 for the MLP.
        var config = TestModels.config(variant: .learned)
        config.dModel = 64
        config.heads = 4
        let parameters = ModelParameters(config: config)
        parameters.initialise(seed: 7)
        func std(_ tensor: Tensor) -> Double { ModelEvaluator.spread(tensor.values) }
        for block in parameters.blocks {
            #expect(abs(std(block.qkvWeight) - 1 / 8) < 0.01)
            #expect(abs(std(block.fcWeight) - 0.02) < 0.002)
        }
    }
}
