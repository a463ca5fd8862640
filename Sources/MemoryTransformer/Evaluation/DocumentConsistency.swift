// The post-processor users would set against the memory (issue 16): inside one document,
// every predicted entity mention with the same surface form takes one type, the type most
// of those mentions were given (ties: the type of the earliest of them). It only retypes
// predicted mentions; it creates and removes none. `memtx eval --consistency` scores it.

/// Makes identical predicted mentions of a document agree on their type.
public enum DocumentConsistency {
    /// `tags` (BIO, one per word of `words`) with every predicted mention retyped to its
    /// surface form's majority type in this document.
    public static func apply(_ tags: [String], words: [String]) -> [String] {
        precondition(tags.count == words.count, "one tag per word")
        let spans = EntitySpan.extract(from: tags)
        // Per surface form: votes per type, and the types in the order they first appear.
        var votes: [String: [String: Int]] = [:], order: [String: [String]] = [:]
        for span in spans {
            let surface = span.surface(in: words)
            if votes[surface, default: [:]][span.type] == nil { order[surface, default: []].append(span.type) }
            votes[surface, default: [:]][span.type, default: 0] += 1
        }
        var result = tags
        for span in spans {
            let surface = span.surface(in: words)
            guard let counts = votes[surface], let top = counts.values.max(),
                  let type = order[surface]?.first(where: { counts[$0] == top }), type != span.type else { continue }
            result[span.start] = "B-" + type
            for i in (span.start + 1)..<span.end { result[i] = "I-" + type }
        }
        return result
    }
}
