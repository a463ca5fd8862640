// Entity spans of a labelled document: BIO tags merged (conlleval rules), with their
// text and Unicode-scalar offsets in the document.

/// One entity found in a labelled document.
public struct LabeledEntity: Codable, Sendable, Equatable {
    /// The entity's text, sliced from the document.
    public var text: String
    /// Its type (`PER`, `LOC`, …).
    public var label: String
    /// Mean of its words' label probabilities.
    public var score: Float
    /// Half-open Unicode-scalar offsets in the document.
    public var start: Int
    public var end: Int
    /// Index of its first word and one past its last.
    public var firstWord: Int
    public var endWord: Int

    /// The entities of `labelled` (words of `text`, in order) under the model's `labels`.
    /// `text` may be a window of the document that starts at scalar `textOffset` and
    /// covers the words (a page of a long document); offsets stay document-level.
    public static func extract(from labelled: [LabeledWord], labels: [String], text: some StringProtocol,
                               textOffset: Int = 0) -> [LabeledEntity] {
        let scalars = Array(text.unicodeScalars)
        return EntitySpan.extract(from: labelled.map { labels[$0.labelID] }).map { span in
            let start = labelled[span.start].word.start, end = labelled[span.end - 1].word.end
            let score = labelled[span.start..<span.end].map(\.probability).reduce(0, +) / Float(span.end - span.start)
            let slice = scalars[(start - textOffset)..<(end - textOffset)]
            return LabeledEntity(text: String(String.UnicodeScalarView(slice)), label: span.type,
                                 score: score, start: start, end: end, firstWord: span.start, endWord: span.end)
        }
    }
}
