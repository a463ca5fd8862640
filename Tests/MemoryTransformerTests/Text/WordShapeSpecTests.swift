// The tables of docs/MODEL.md, "Words and features", asserted exactly as printed there, so
// the document cannot drift from the code: the word shapes at the edges of their rules, the
// lowercasing and digit rule of word ids, and the n-gram worked example. A change here
// must change the document (and the other way round).
import Testing
@testable import MemoryTransformer

@Suite struct WordShapeSpecTests {
    /// "Word shape": word → shape, in the order of the document's table.
    @Test(arguments: [
        ("Berlin", WordShape.capitalised), ("McDonald", .capitalised), ("Straße", .capitalised),
        ("İstanbul", .capitalised),
        ("a", .lowercase), ("\u{01C5}emal", .lowercase), ("x@y", .lowercase), ("www.", .lowercase),
        ("NATO", .allCaps), ("U.S.", .allCaps), ("ΟΔΟΣ", .allCaps),
        ("J.", .initial), ("\u{216B}", .initial),
        ("iPhone", .mixedCase),
        ("中国", .uncased), ("\u{01C5}", .uncased),
        ("1990", .numeric), ("-5", .numeric), ("١٩٩٠", .numeric),
        ("10%", .containsDigit), ("A4", .containsDigit), ("1½", .containsDigit), ("1\u{FE0F}\u{20E3}", .containsDigit),
        ("-", .punctuation), ("%", .punctuation), ("@", .punctuation),
        ("$", .symbol), ("🙂", .symbol), ("+", .symbol),
        ("http://x.org", .url), ("HTTP://X.ORG", .url), ("www.x", .url),
        ("a@b.com", .email), ("@x.y", .email),
        ("½", .other), ("+/-", .other), ("#\u{FE0F}\u{20E3}", .other), ("", .other),
    ])
    func shapeIsAsDocumented(word: String, shape: WordShape) {
        #expect(WordShape(of: word) == shape, "\(word)")
    }

    /// The document's shape names are the raw values 0..<13 in this order.
    @Test func shapeIDsAreAsDocumented() {
        let names: [WordShape] = [.lowercase, .capitalised, .allCaps, .initial, .mixedCase, .uncased, .numeric,
                                  .containsDigit, .punctuation, .symbol, .url, .email, .other]
        #expect(names.map(\.rawValue) == Array(0..<13))
    }

    /// "Lowercasing and digits": word → the vocabulary key, compared scalar by scalar
    /// (String == would accept canonically equivalent spellings).
    @Test(arguments: [
        ("ΟΔΟΣ", "\u{03BF}\u{03B4}\u{03BF}\u{03C3}"),  // final Σ → σ (U+03C3), not ς (U+03C2)
        ("İstanbul", "i\u{0307}stanbul"),             // İ → i + U+0307: two scalars
        ("Straße", "straße"), ("STRASSE", "strasse"), ("ẞ", "ß"),
        ("\u{01C5}emal", "\u{01C6}emal"), ("ＡＢＣ", "ａｂｃ"), ("\u{216B}", "\u{217B}"),
        ("1990", "0000"), ("A4", "a0"), ("3.14", "0.00"), ("١٩٩٠", "0000"), ("१९९०", "0000"),
        ("１９９０", "0000"), ("𝟏𝟗", "00"),
        ("x²", "x²"), ("1½", "0½"), ("①", "①"),
    ])
    func normalisedAsDocumented(word: String, normal: String) {
        #expect(Array(Vocabulary.normalise(word).unicodeScalars) == Array(normal.unicodeScalars), "\(word)")
    }

    /// N-grams: the same lowercasing, but digits are kept.
    @Test func ngramsLowercaseButKeepDigits() {
        let f = Featurizer(vocabulary: Vocabulary(words: []), ngramBuckets: 20_000, ngramMin: 2, ngramMax: 4)
        #expect(f.ngrams(of: "ΟΔΟΣ") == f.ngrams(of: "\u{03BF}\u{03B4}\u{03BF}\u{03C3}"))
        #expect(f.ngrams(of: "ΟΔΟΣ") != f.ngrams(of: "\u{03BF}\u{03B4}\u{03BF}\u{03C2}"))
        #expect(f.ngrams(of: "1990") != f.ngrams(of: "0000"))
        #expect(f.ngrams(of: "1990").first == Int32(FNV1a.hash(Array("<1990>".utf8)[...]) % 20_000))
        // The worked example: "<a4>" whole, then <a a4 4> <a4 a4> <a4>.
        #expect(f.ngrams(of: "A4") == [18960, 4782, 19368, 17223, 12494, 7970, 18960])
    }
}
