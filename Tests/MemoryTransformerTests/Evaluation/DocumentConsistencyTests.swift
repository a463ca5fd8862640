// The document-consistency post-processor: identical predicted mentions take their
// majority type (ties: the type seen first), nothing else changes.
import Testing
@testable import MemoryTransformer

@Suite struct DocumentConsistencyTests {
    @Test func identicalMentionsTakeTheMajorityType() {
        let words = ["Jordan", "met", "Jordan", "in", "Jordan", "and", "New", "York", "New", "York", "."]
        let tags = ["B-PER", "O", "B-LOC", "O", "B-LOC", "O", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "O"]
        let fixed = DocumentConsistency.apply(tags, words: words)
        #expect(fixed == ["B-LOC", "O", "B-LOC", "O", "B-LOC", "O", "B-LOC", "I-LOC", "B-LOC", "I-LOC", "O"])
    }

    @Test func createsAndRemovesNoMentionAndLeavesOthersAlone() {
        let words = ["Smith", "said", "Smith", "Paris", "York"]
        let tags = ["B-PER", "O", "O", "B-LOC", "B-ORG"]
        #expect(DocumentConsistency.apply(tags, words: words) == tags)
    }

    @Test func aMentionOfOtherWordsIsNotTheSameSurface() {
        // "New York" and "York" differ: each keeps its own type.
        let words = ["New", "York", "York"]
        let tags = ["B-LOC", "I-LOC", "B-ORG"]
        #expect(DocumentConsistency.apply(tags, words: words) == tags)
    }
}
