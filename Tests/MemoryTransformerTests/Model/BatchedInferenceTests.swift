// The batched inference path (ChunkBatchEncoder, MemoryBank, pass-2 batching) against the
// naive one (a ChunkPass per chunk): same labels, probabilities, memory and logits within
// 1e-5, for every memory variant, with and without the same-word bias (also through the fused
// head-width-16 kernel), on tiny models and on the shipped checkpoint.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct BatchedInferenceTests {
    static let tolerance: Float = 1e-5

    /// Labels equal and probabilities within the tolerance; returns the largest difference.
    @discardableResult
    static func expectEqual(_ a: [LabeledWord], _ b: [LabeledWord]) -> Float {
        #expect(a.count == b.count)
        #expect(a.map(\.labelID) == b.map(\.labelID))
        #expect(a.map(\.word) == b.map(\.word))
        let worst = zip(a, b).map { abs($0.probability - $1.probability) }.max() ?? 0
        #expect(worst <= tolerance, "largest probability difference \(worst)")
        return worst
    }

    @Test(arguments: MemoryVariant.allCases, [false, true])
    func batchedEqualsNaive(variant: MemoryVariant, sameWordBias: Bool) {
        let model = TestModels.model(variant: variant, chunkSize: 4, memorySize: 3, sameWordBias: sameWordBias)
        // 70 words: 18 chunks, more than one pass-2 batch of 16, and a short last chunk.
        let words = Word.placeholders(TestModels.words(70))
        Self.expectEqual(model.label(words: words, path: .batched), model.label(words: words, path: .naive))
    }

    /// The one-entry-per-word memory: pass 1 turns every word into a candidate.
    @Test func onePerWordMemoryBatchedEqualsNaive() {
        var config = TestModels.config(variant: .learned, chunkSize: 4, memorySize: 3, sameWordBias: true)
        config.oneEntryPerWord = true
        let model = MemoryTransformerModel(config: config, vocabulary: TestModels.vocabulary, seed: 3)
        var generator = SeededGenerator(seed: 103)
        generator.fillNormal(model.parameters.scoreWeight, std: 0.3)
        let words = Word.placeholders(TestModels.words(70))
        Self.expectEqual(model.label(words: words, path: .batched), model.label(words: words, path: .naive))
        var state = model.newDocument()
        model.read(&state, words: words)
        let forms = state.memory.entries.map { WordForm.of($0.word) }
        #expect(Set(forms).count == forms.count && forms.count == 3, "one entry per word")
    }

    /// Heads of width 16 (the fused kernel where the CPU has AVX2) with the same-word bias on
    /// chunk and memory keys; the bias changes the labels' probabilities.
    @Test func sameWordBiasThroughTheFusedKernelEqualsNaive() {
        var config = TestModels.config(variant: .learned, chunkSize: 8, memorySize: 4, sameWordBias: true)
        config.dModel = 32
        config.mlpHidden = 48
        let model = MemoryTransformerModel(config: config, vocabulary: TestModels.vocabulary, seed: 5)
        var generator = SeededGenerator(seed: 6)
        generator.fillNormal(model.parameters.scoreWeight, std: 0.3)
        for block in model.parameters.blocks { generator.fillNormal(block.sameWordBias!, std: 2) }
        let words = Word.placeholders(TestModels.words(60))
        let labelled = model.label(words: words, path: .batched)
        Self.expectEqual(labelled, model.label(words: words, path: .naive))
        for block in model.parameters.blocks { block.sameWordBias!.zero() }
        let withoutBias = model.label(words: words, path: .batched)
        #expect(zip(labelled, withoutBias).contains { abs($0.probability - $1.probability) > 1e-3 })
    }

    @Test func passOneMemoryEqualsNaive() {
        let model = TestModels.model(variant: .learned, chunkSize: 4, memorySize: 3)
        let words = Word.placeholders(TestModels.words(30))
        var batched = model.newDocument(), naive = model.newDocument()
        let online = model.read(&batched, words: words, path: .batched)
        Self.expectEqual(online, model.read(&naive, words: words, path: .naive))
        #expect(batched.memory.entries.map(\.position) == naive.memory.entries.map(\.position))
        for (a, b) in zip(batched.memory.entries, naive.memory.entries) {
            #expect(abs(a.score - b.score) <= Self.tolerance)
            #expect(zip(a.states, b.states).allSatisfy { abs($0 - $1) <= Self.tolerance })
            #expect(zip(a.scoreInput, b.scoreInput).allSatisfy { abs($0 - $1) <= Self.tolerance })
        }
    }

    @Test func encoderLogitsEqualChunkPass() {
        let model = TestModels.model(variant: .learned, chunkSize: 4, memorySize: 3)
        var state = model.newDocument()
        model.read(&state, words: Word.placeholders(TestModels.words(12)))
        let words = TestModels.words(11, seed: 5)   // chunks of 4, 4, 3 against the memory
        let bank = MemoryBank(entries: state.memory.entries, parameters: model.parameters)
        let encoder = ChunkBatchEncoder(parameters: model.parameters, featurizer: model.featurizer, keepsStates: false)
        let chunks = [BatchedChunk(start: 0, count: 4, memory: [0, 1, 2]), BatchedChunk(start: 4, count: 4, memory: [2]),
                      BatchedChunk(start: 8, count: 3, memory: [])]
        let positions = chunks.flatMap { ChunkInput.positions(count: $0.count, chunkSize: 4) }
        encoder.encode(words: Word.placeholders(words)[...], positions: positions, chunks: chunks, bank: bank)
        for chunk in chunks {
            let pass = model.encode(words: Array(words[chunk.start..<(chunk.start + chunk.count)]),
                                    memory: chunk.memory.map { state.memory.entries[$0] })
            let K = model.config.labels.count
            for i in 0..<(chunk.count * K) {
                #expect(abs(pass.logits[i] - encoder.logits[chunk.start * K + i]) <= Self.tolerance)
            }
        }
    }

    @Test func shippedCheckpointBatchedEqualsNaive() throws {
        let (model, _) = try MemoryTransformerModel.load(from: ShippedCheckpointTests.directory)
        let pool = ["Peter", "Blackburn", "visited", "Brussels", "on", "Monday", ".", "the", "European", "Commission",
                    "said", "Germany", "talks", "in", "Paris", ",", "Reuters", "1996", "shares", "of"]
        var generator = SeededGenerator(seed: 17)
        let words = Word.placeholders((0..<1_500).map { _ in pool[Int(generator.next() % UInt64(pool.count))] })
        let worst = Self.expectEqual(model.label(words: words, path: .batched), model.label(words: words, path: .naive))
        print("shipped checkpoint, 1 500 words: largest probability difference batched vs naive \(worst)")
    }

    /// The batched path is exact under splitting: a session read in pieces and paged in
    /// pass 2 gives bit-for-bit the labels of the whole document (one chunk per product,
    /// memory entries projected one at a time), on the shipped checkpoint's real shapes.
    @Test func shippedCheckpointPagingIsExact() throws {
        let (model, _) = try MemoryTransformerModel.load(from: ShippedCheckpointTests.directory)
        let pool = ["Peter", "Blackburn", "visited", "Brussels", "on", "Monday", ".", "the", "European", "Commission"]
        var generator = SeededGenerator(seed: 23)
        let words = Word.placeholders((0..<1_100).map { _ in pool[Int(generator.next() % UInt64(pool.count))] })
        let whole = model.label(words: words)
        var state = model.newDocument()
        for start in stride(from: 0, to: words.count, by: 700) {
            model.read(&state, words: Array(words[start..<min(start + 700, words.count)]))
        }
        let done = model.finished(state)
        for page in [250, 1_024] {
            let paged = stride(from: 0, to: words.count, by: page).flatMap {
                model.finalLabels(finished: done, words: $0..<min($0 + page, words.count))
            }
            #expect(paged == whole)
        }
    }
}
