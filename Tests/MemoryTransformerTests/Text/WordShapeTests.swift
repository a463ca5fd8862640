// WordShape: each case on typical words, and the raw values cover 0..<count.
import Testing
@testable import MemoryTransformer

@Suite struct WordShapeTests {
    @Test(arguments: [
        ("house", WordShape.lowercase), ("well-known", .lowercase), ("'s", .lowercase),
        ("London", .capitalised), ("Franco-German", .capitalised), ("McDonald", .capitalised), ("Zoe\u{0308}", .capitalised),
        ("NATO", .allCaps), ("U.S.", .allCaps), ("A", .initial), ("J.", .initial),
        ("iPhone", .mixedCase), ("東京", .uncased), ("القاهرة", .uncased), ("दिल्ली", .uncased),
        ("1996", .numeric), ("3.14", .numeric), ("1,000,000", .numeric), ("3-1", .numeric), ("٣٫١٤", .numeric),
        ("F-16", .containsDigit), ("1990s", .containsDigit),
        (",", .punctuation), ("...", .punctuation), ("(", .punctuation), ("$", .symbol), ("👍🏽", .symbol),
        ("https://example.com", .url), ("www.reuters.com", .url), ("a.b@example.com", .email),
        ("", .other),
    ])
    func shapeOf(word: String, shape: WordShape) {
        #expect(WordShape(of: word) == shape, "\(word)")
    }

    @Test func rawValuesAreDense() {
        #expect(WordShape.allCases.map(\.rawValue) == Array(0..<WordShape.count))
        #expect(WordShape.count == 13)
    }
}
