// A word of a document with its position. Offsets count Unicode scalars (code points),
// as Python, Hugging Face and spaCy do; it says nothing about labels or features.

/// One word of a document: its text and its half-open span `[start, end)` in Unicode
/// scalars (not grapheme clusters, not UTF-16 code units) from the start of the document.
public struct Word: Codable, Sendable, Equatable, Hashable {
    /// The word exactly as it appears in the document (no normalisation).
    public var text: String
    /// Offset of the first scalar of the word.
    public var start: Int
    /// Offset one past the last scalar of the word.
    public var end: Int

    /// Creates a word; `end - start` should equal `text.unicodeScalars.count`.
    public init(text: String, start: Int, end: Int) {
        self.text = text
        self.start = start
        self.end = end
    }
}
