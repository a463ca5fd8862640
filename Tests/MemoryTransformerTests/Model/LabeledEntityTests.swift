// Entity spans from labelled words: BIO merging, text sliced by Unicode scalars, mean score.
import Testing
@testable import MemoryTransformer

@Suite struct LabeledEntityTests {
    @Test func mergesSpansAndSlicesByScalars() {
        let text = "Zoe\u{0308} Kraus 👩‍👩‍👧 in Köln"
        let words = Tokenizer().tokenize(text)
        let labels = ["O", "B-PER", "I-PER", "B-LOC"]
        let ids = [1, 2, 0, 0, 3]
        #expect(words.count == ids.count)
        let labelled = zip(words, ids).map { LabeledWord(word: $0, labelID: $1, probability: $1 == 2 ? 0.5 : 1) }
        let entities = LabeledEntity.extract(from: labelled, labels: labels, text: text)
        #expect(entities.map(\.text) == ["Zoe\u{0308} Kraus", "Köln"])
        #expect(entities.map(\.label) == ["PER", "LOC"])
        #expect(entities[0].start == 0 && entities[0].end == 10)
        #expect(entities[0].score == 0.75)
        #expect(entities[1].firstWord == 4 && entities[1].endWord == 5)
    }
}
