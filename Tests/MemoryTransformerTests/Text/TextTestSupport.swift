// Helpers shared by the text-layer tests: tokenize to strings, and check that every
// word's scalar offsets cut exactly its text out of the document.
import Testing
@testable import MemoryTransformer

enum TextTestSupport {
    static let tokenizer = Tokenizer()

    /// The word texts of `text`.
    static func texts(_ text: String) -> [String] {
        tokenizer.tokenize(text).map(\.text)
    }

    /// True when every word's `[start, end)` (minus `baseOffset`) slices its text out of
    /// `text`'s scalars, and words are in order and do not overlap.
    static func offsetsAreConsistent(_ words: [Word], in text: String, baseOffset: Int = 0) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var previousEnd = baseOffset
        for word in words {
            let start = word.start - baseOffset, end = word.end - baseOffset
            guard start >= 0, end <= scalars.count, start < end, word.start >= previousEnd else { return false }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end])
            // Compare scalars, not String ==, which would accept canonically equivalent text.
            guard Array(view) == Array(word.text.unicodeScalars) else { return false }
            previousEnd = word.end
        }
        return true
    }
}
