// Entity spans ("chunks") from a tag sequence, following conlleval's startOfChunk /
// endOfChunk rules, so scores here agree with the official CoNLL-2003 script.

/// One entity mention: words `start..<end` of a document with type `type`.
public struct EntitySpan: Hashable, Codable, Sendable {
    public var start: Int
    /// Exclusive end.
    public var end: Int
    public var type: String

    public init(start: Int, end: Int, type: String) {
        self.start = start
        self.end = end
        self.type = type
    }

    /// Extracts spans as conlleval does: `B-X` always starts a chunk; `I-X` continues the
    /// open chunk only when it has type X, otherwise (after `O`, at the start, or after a
    /// different type) it starts a new chunk; `O` closes the open chunk. Tags that are
    /// not `O`/`B-X`/`I-X` count as `O`. Works on IOB1 and BIO2 alike.
    public static func extract(from tags: [String]) -> [EntitySpan] {
        var spans: [EntitySpan] = []
        var open: (start: Int, type: String)? = nil
        func close(at end: Int) {
            if let chunk = open { spans.append(EntitySpan(start: chunk.start, end: end, type: chunk.type)) }
            open = nil
        }
        for (i, tag) in tags.enumerated() {
            guard let (prefix, type) = BIOTags.parse(tag), prefix != "O" else { close(at: i); continue }
            if prefix == "I", let chunk = open, chunk.type == type { continue }
            close(at: i)
            open = (i, type)
        }
        close(at: tags.count)
        return spans
    }

    /// The span's words joined by a single space (its surface form).
    public func surface(in words: [String]) -> String {
        words[start..<end].joined(separator: " ")
    }
}
