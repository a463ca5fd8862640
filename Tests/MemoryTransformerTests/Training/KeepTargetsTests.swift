// KeepTargets: an entity word is a target when its word (normal form) recurs in a later
// chunk; its last occurrence, words that recur only in their own chunk and "O" words are not.
import Testing
@testable import MemoryTransformer

@Suite struct KeepTargetsTests {
    @Test func entityWordsRecurringInALaterChunk() {
        let words = ["Vorsk", "is", "a", "city", "the", "VORSK", "Zed", "Zed", "is", "vorsk", "the", "."]
        let labels = ["B-LOC", "O", "O", "O", "O", "B-LOC", "B-PER", "B-PER", "O", "B-LOC", "O", "O"]
        // Chunks of 4: [0..<4], [4..<8], [8..<12].
        let targets = KeepTargets.of(words: words, labels: labels, chunkSize: 4)
        #expect(targets == [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0])
    }
}
