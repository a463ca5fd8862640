// Featurizer: CSR layout, bucket range, determinism, the exact n-gram list of a short
// word, the 64 n-gram cap, case-insensitive n-grams (and the cased ones beside them when
// asked) and the FNV-1a reference values.
import Testing
@testable import MemoryTransformer

@Suite struct FeaturizerTests {
    let vocabulary = Vocabulary(words: ["germany", "the"])

    func featurizer(buckets: Int = 1000, min: Int = 2, max: Int = 4) -> Featurizer {
        Featurizer(vocabulary: vocabulary, ngramBuckets: buckets, ngramMin: min, ngramMax: max)
    }

    @Test func fnv1aMatchesReferenceValues() {
        #expect(FNV1a.hash(ArraySlice<UInt8>()) == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a.hash(Array("a".utf8)[...]) == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a.hash(Array("foobar".utf8)[...]) == 0x8594_4171_f739_67e8)
    }

    @Test func layoutIsCSR() {
        let words = ["Germany", "'s", "Zoë", "東京", "👩\u{200D}👩\u{200D}👧", "."]
        let features = featurizer().features(for: words)
        #expect(features.count == words.count)
        #expect(features.wordIDs == [2, 1, 1, 1, 1, 1])
        #expect(features.ngramOffsets.count == words.count + 1)
        #expect(features.ngramOffsets.first == 0)
        #expect(features.ngramOffsets.last == Int32(features.ngramBuckets.count))
        for t in 0..<words.count {
            #expect(features.ngramOffsets[t] < features.ngramOffsets[t + 1], "word \(t) has no n-grams")
        }
        #expect(features.ngramBuckets.allSatisfy { (0..<1000).contains($0) })
        #expect(features.shapeIDs.allSatisfy { (0..<Int32(WordShape.count)).contains($0) })
        #expect(features.shapeIDs[0] == Int32(WordShape.capitalised.rawValue))
    }

    @Test func ngramsOfAShortWordAreExactlyTheExpectedOnes() {
        // "<ab>" has 4 scalars: whole word, then 3 bigrams, 2 trigrams, 1 four-gram.
        let f = featurizer(buckets: 1 << 30)
        let expected = ["<ab>", "<a", "ab", "b>", "<ab", "ab>", "<ab>"].map {
            Int32(FNV1a.hash(Array($0.utf8)[...]) % (1 << 30))
        }
        #expect(f.ngrams(of: "AB") == expected)
        // Multi-byte scalars are hashed over their UTF-8 bytes.
        let e = featurizer(buckets: 1 << 30, min: 2, max: 2)
        let zoe = ["<zoë>", "<z", "zo", "oë", "ë>"].map { Int32(FNV1a.hash(Array($0.utf8)[...]) % (1 << 30)) }
        #expect(e.ngrams(of: "Zoë") == zoe)
    }

    @Test func ngramsIgnoreCaseButShapesDoNot() {
        let f = featurizer()
        let features = f.features(for: ["London", "LONDON", "london"])
        #expect(features.ngrams(ofWord: 0) == features.ngrams(ofWord: 1))
        #expect(features.ngrams(ofWord: 1) == features.ngrams(ofWord: 2))
        #expect(Set(features.shapeIDs).count == 3)
    }

    @Test func casedNgramsFollowTheLowercasedOnesForWordsWithCapitals() {
        let plain = featurizer(buckets: 1 << 30)
        let cased = Featurizer(vocabulary: vocabulary, ngramBuckets: 1 << 30, ngramMin: 2, ngramMax: 4, cased: true)
        // A word lowercasing does not change: the same list.
        #expect(cased.ngrams(of: "ab") == plain.ngrams(of: "ab"))
        // "Ab": the lowercased list, then "<Ab>"'s, each hashed as [0x01] + bytes.
        let written = ["<Ab>", "<A", "Ab", "b>", "<Ab", "Ab>", "<Ab>"].map {
            Int32(FNV1a.hash(([0x01] + Array($0.utf8))[...]) % (1 << 30))
        }
        #expect(cased.ngrams(of: "Ab") == plain.ngrams(of: "Ab") + written)
        #expect(FNV1a.hash(Array("Ab".utf8)[...], from: FNV1a.casedBasis) == FNV1a.hash(([0x01] + Array("Ab".utf8))[...]))
        // Each list is capped on its own.
        let long = String(repeating: "Abcdefghij", count: 10)
        #expect(cased.ngrams(of: long).count == 2 * Featurizer.maxNgramsPerWord)
        // Case now separates words the lowercased n-grams could not.
        let features = cased.features(for: ["London", "LONDON", "london"])
        #expect(features.ngrams(ofWord: 0) != features.ngrams(ofWord: 1))
        #expect(Array(features.ngrams(ofWord: 0).prefix(features.ngrams(ofWord: 2).count)) == Array(features.ngrams(ofWord: 2)))
    }

    @Test func longWordsAreCappedAt64() {
        let long = String(repeating: "abcdefghij", count: 10)
        let buckets = featurizer().ngrams(of: long)
        #expect(buckets.count == Featurizer.maxNgramsPerWord)
        // The cap keeps the first 64 in generation order: the whole word, then bigrams.
        let full = Int32(FNV1a.hash(Array("<\(long)>".utf8)[...]) % 1000)
        #expect(buckets[0] == full)
        #expect(buckets[1] == Int32(FNV1a.hash(Array("<a".utf8)[...]) % 1000))
        #expect(featurizer().ngrams(of: "a").count == 1 + 2 + 1)  // "<a>": whole, 2 bigrams, 1 trigram
    }

    @Test func featuresAreDeterministicAndBucketed() {
        let words = Tokenizer().tokenize("EU rejects German call to boycott British lamb. Peter Blackburn").map(\.text)
        let a = featurizer(buckets: 37).features(for: words)
        let b = featurizer(buckets: 37).features(for: words)
        #expect(a == b)
        #expect(a.ngramBuckets.allSatisfy { $0 >= 0 && $0 < 37 })
        #expect(featurizer().features(for: []) == WordFeatures(wordIDs: [], ngramOffsets: [0], ngramBuckets: [], shapeIDs: []))
    }
}
