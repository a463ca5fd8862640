// SameWordPairs: which query–key pairs share a word's normal form (lowercased, digits → 0),
// in the chunk and with memory entries, never a word with itself.
import Testing
@testable import MemoryTransformer

@Suite struct SameWordPairsTests {
    @Test func pairsByNormalFormInTheChunkAndWithMemory() {
        let chunk = ["Vorsk", "met", "VORSK", "in", "1996"].map(WordForm.of)
        let memory = ["vorsk", "2001", "Paris"].map(WordForm.of)
        let pairs = SameWordPairs(chunk: chunk, memory: memory)
        let found = zip(pairs.queries, pairs.keys).map { [Int($0), Int($1)] }
        // Keys 0..<5 are the chunk's words, 5..<8 the memory's.
        #expect(found == [[0, 2], [0, 5], [2, 0], [2, 5], [4, 6]])
    }

    @Test func noPairsWithoutRepeats() {
        let pairs = SameWordPairs(chunk: ["a", "b", "c"].map(WordForm.of), memory: ["d"].map(WordForm.of))
        #expect(pairs.count == 0)
        #expect(SameWordPairs.none.count == 0)
    }

    @Test func formsFollowTheVocabularysNormalisation() {
        #expect(WordForm.of("Pan-Am 1996") == WordForm.of("pan-am 0000"))
        #expect(WordForm.of("Σ") == WordForm.of("σ"))
        #expect(WordForm.of("Paris") != WordForm.of("Pari"))
    }
}
