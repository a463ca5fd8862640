// The tokenizer on a ~1 MB mixed-script document: it finishes, covers every non-space
// scalar, and every word's offsets slice exactly its text. No timing assertion.
import Testing
@testable import MemoryTransformer

@Suite struct TokenizerLargeTextTests {
    static let pieces = [
        "EU rejects German call to boycott British lamb .", "Germany's U.S. office, 3.14 and 1,000,000.",
        "Zoe\u{0308} visited 東京 👩\u{200D}👩\u{200D}👧 🇩🇪\r\n", "well-known Franco-German talks",
        "mail a.b@example.com or https://example.com/x?y=1.", "القاهرة، مِصْر\t", "नई दिल्ली",
        "\u{00A0}«Москва»", "don't stop — (yes)!", "\"quoted\" 'single'",
    ]

    @Test func megabyteDocumentHasConsistentOffsets() {
        var text = ""
        var index = 0
        while text.utf8.count < 1_000_000 {
            text += Self.pieces[index % Self.pieces.count]
            text += index % 7 == 0 ? "\n" : " "
            index += 1
        }
        let words = Tokenizer().tokenize(text)
        #expect(words.count > 150_000)
        #expect(TextTestSupport.offsetsAreConsistent(words, in: text))
        // Tokenizing half the document with a base offset gives the same words, shifted.
        let scalars = Array(text.unicodeScalars)
        let cut = scalars.firstIndex(where: { $0 == "\n" })! + 1
        var tail = String.UnicodeScalarView()
        tail.append(contentsOf: scalars[cut...])
        let shifted = Tokenizer().tokenize(String(tail), baseOffset: cut)
        #expect(shifted == Array(words.drop(while: { $0.start < cut })))
    }

    @Test func everyNonSpaceScalarIsCovered() {
        let text = Self.pieces.joined(separator: " ")
        let scalars = Array(text.unicodeScalars)
        var covered = [Bool](repeating: false, count: scalars.count)
        for word in Tokenizer().tokenize(text) {
            for k in word.start..<word.end { covered[k] = true }
        }
        for (k, scalar) in scalars.enumerated() where !covered[k] {
            let category = scalar.properties.generalCategory
            #expect(scalar.properties.isWhitespace || category == .control || category == .format,
                    "scalar U+\(String(scalar.value, radix: 16)) at \(k) dropped")
        }
    }
}
