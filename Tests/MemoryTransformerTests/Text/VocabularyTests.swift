// Vocabulary: special ids, normalisation, deterministic building, text-file round trip
// and validation errors, Codable.
import Foundation
import Testing
@testable import MemoryTransformer

@Suite struct VocabularyTests {
    @Test func specialIdsAndLookup() {
        let vocabulary = Vocabulary(words: ["Germany", "the", "1996", "germany", "<unk>", ""])
        #expect(vocabulary.words == ["<pad>", "<unk>", "germany", "the", "0000"])
        #expect(vocabulary.count == 5)
        #expect(vocabulary.id(for: "GERMANY") == 2)
        #expect(vocabulary.id(for: "1997") == 4)
        #expect(vocabulary.id(for: "France") == Vocabulary.unknownID)
        #expect(vocabulary.id(for: "<pad>") == 0)
    }

    @Test func normaliseLowercasesAndZeroesDigits() {
        #expect(Vocabulary.normalise("Pan-Am 1996") == "pan-am 0000")
        #expect(Vocabulary.normalise("ZOË") == "zoë")
        #expect(Vocabulary.normalise("٣٫١٤") == "0٫00")
        #expect(Vocabulary.normalise("F-16s") == "f-00s")
    }

    @Test func buildOrdersByCountThenBytes() {
        let counts = ["b": 5, "a": 5, "c": 9, "The": 3, "the": 4, "rare": 1, "1": 2, "2": 2]
        let vocabulary = Vocabulary.build(counts: counts, minCount: 2, maxSize: 100)
        #expect(vocabulary.words == ["<pad>", "<unk>", "c", "the", "a", "b", "0"])
        let capped = Vocabulary.build(counts: counts, minCount: 2, maxSize: 4)
        #expect(capped.words == ["<pad>", "<unk>", "c", "the"])
        #expect(Vocabulary.build(counts: counts, minCount: 1, maxSize: 1).count == 2)
        // Same input, same output, run after run.
        for _ in 0..<5 {
            #expect(Vocabulary.build(counts: counts, minCount: 2, maxSize: 100).words == vocabulary.words)
        }
    }

    @Test func textRoundTrip() throws {
        let vocabulary = Vocabulary(words: ["reuters", "zoë", "東京", "👩\u{200D}👩\u{200D}👧"])
        let text = vocabulary.text()
        #expect(text.hasPrefix("<pad>\n<unk>\nreuters\n"))
        #expect(text.hasSuffix("\n"))
        let back = try Vocabulary(text: text)
        #expect(back.words == vocabulary.words)
        #expect(back.id(for: "Reuters") == 2)
        #expect(try Vocabulary(text: "<pad>\r\n<unk>\r\nx").words == ["<pad>", "<unk>", "x"])
    }

    @Test func textValidation() {
        #expect(throws: VocabularyError.missingSpecialWord(line: 1, expected: "<pad>", found: "<unk>")) {
            try Vocabulary(text: "<unk>\n<pad>\n")
        }
        #expect(throws: VocabularyError.missingSpecialWord(line: 2, expected: "<unk>", found: nil)) {
            try Vocabulary(text: "<pad>\n")
        }
        #expect(throws: VocabularyError.duplicateWord(word: "a", line: 5)) {
            try Vocabulary(text: "<pad>\n<unk>\na\nb\na\n")
        }
        #expect(throws: VocabularyError.emptyLine(line: 3)) {
            try Vocabulary(text: "<pad>\n<unk>\n\nb\n")
        }
        #expect(throws: VocabularyError.missingSpecialWord(line: 1, expected: "<pad>", found: nil)) {
            try Vocabulary(text: "")
        }
    }

    @Test func codableRoundTripAndValidation() throws {
        let vocabulary = Vocabulary(words: ["a", "b"])
        let data = try JSONEncoder().encode(vocabulary)
        let back = try JSONDecoder().decode(Vocabulary.self, from: data)
        #expect(back.words == vocabulary.words)
        #expect(back.id(for: "B") == 3)
        let bad = Data(#"{"words":["<pad>","<unk>","a","a"]}"#.utf8)
        #expect(throws: VocabularyError.duplicateWord(word: "a", line: 4)) {
            try JSONDecoder().decode(Vocabulary.self, from: bad)
        }
    }
}
