// The caches of the batched path against what they replace: InputEmbeddingCache's rows
// against ChunkPass's x₀ (bit for bit, also after the cache fills and starts over), a
// MemoryBank built from a previous bank against one projected from scratch, and pass 1's
// candidate filter against merging every word.
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct InferenceCacheTests {
    @Test func cachedEmbeddingEqualsChunkPass() {
        let model = TestModels.model(variant: .learned, chunkSize: 8, memorySize: 3)
        let texts = TestModels.words(8, seed: 4), d = model.config.dModel
        let positions = ChunkInput.positions(count: 8, chunkSize: 8)
        let pass = model.encode(words: texts, memory: [])
        // Capacity 3 < distinct words: the cache starts over mid-document and stays exact.
        let cache = InputEmbeddingCache(parameters: model.parameters, featurizer: model.featurizer, capacity: 3)
        let x = Tensor(shape: [8, d])
        for t in 0..<8 {
            cache.embed(Word.placeholders([texts[t]])[...], positions: [positions[t]], into: x.pointer + t * d)
        }
        #expect(x.values == pass.embedded.values)
        #expect(cache.count <= 3)
        let whole = InputEmbeddingCache(parameters: model.parameters, featurizer: model.featurizer)
        whole.embed(Word.placeholders(texts)[...], positions: positions, into: x.pointer)
        #expect(x.values == pass.embedded.values)
    }

    @Test func reusedBankEqualsFreshBank() {
        let model = TestModels.model(variant: .learned, chunkSize: 4, memorySize: 3)
        var state = model.newDocument()
        model.read(&state, words: Word.placeholders(TestModels.words(12)))
        let before = MemoryBank(entries: state.memory.entries, parameters: model.parameters)
        model.read(&state, words: Word.placeholders(TestModels.words(8, seed: 6)))
        let reused = MemoryBank(entries: state.memory.entries, parameters: model.parameters, reusing: before)
        let fresh = MemoryBank(entries: state.memory.entries, parameters: model.parameters)
        #expect(zip(reused.keys.values, fresh.keys.values).allSatisfy { abs($0 - $1) <= 1e-6 })
        #expect(zip(reused.values.values, fresh.values.values).allSatisfy { abs($0 - $1) <= 1e-6 })
        #expect(zip(reused.scores.values, fresh.scores.values).allSatisfy { abs($0 - $1) <= 1e-6 })
        #expect(reused.chunks == fresh.chunks)
    }

    @Test func survivorsLoseNothingTheMergeWouldKeep() {
        let model = TestModels.model(variant: .learned, chunkSize: 4, memorySize: 3)
        var state = model.newDocument()
        model.read(&state, words: Word.placeholders(TestModels.words(20)))
        let scores = Tensor(shape: [6], values: [5, -100, 0.5, state.memory.entries.last!.score, 1e9, -3])
        let kept = MemoryTransformerModel.survivors(of: state.memory, scores: scores, rows: 0..<6)
        var all = state.memory, filtered = state.memory
        func entries(_ indices: [Int]) -> [MemoryEntry] {
            indices.map { MemoryEntry(score: scores[$0], position: 1_000 + $0, chunk: 99, word: "w", start: 0, end: 1,
                                      states: [], scoreInput: []) }
        }
        all.merge(entries(Array(0..<6)))
        filtered.merge(entries(kept))
        #expect(all == filtered)
        #expect(kept.count <= 3)
    }
}
