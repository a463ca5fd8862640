// A document or a chunk as a client gives it: raw text, or words already split. Every
// route that takes one (POST /v1/label, chunks, NDJSON stream lines) applies the same
// rule here: exactly one of `text` and `words`.

/// Raw text (tokenised by memtx) or pre-split words.
enum TextOrWords: Sendable {
    case text(String)
    case words([String])

    /// The one of `text` and `words` that is given; 422 `invalid_request` when both or
    /// neither are, its message starting with `place` (e.g. "document 3: ").
    init(text: String?, words: [String]?, place: String = "") throws {
        switch (text, words) {
        case (let text?, nil): self = .text(text)
        case (nil, let words?): self = .words(words)
        default: throw APIError(.invalidRequest, place + "give exactly one of text and words")
        }
    }

    /// A hash of the content, kind included (a chunk's replay check).
    var hash: UInt64 {
        switch self {
        case .text(let text): return ContentHash.of(["t", text])
        case .words(let words): return ContentHash.of(["w"] + words)
        }
    }
}
