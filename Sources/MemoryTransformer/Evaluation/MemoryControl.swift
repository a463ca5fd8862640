// Evaluation-time controls for the memory: which memory pass 2 reads instead of the
// model's own, to tell a selection failure (the needed word was not kept) from a reading
// failure (kept but not used). Pass 1 is unchanged; only pass 2's memory is swapped.

/// The memory pass 2 of an evaluation attends to (`memtx eval --memory-control`).
public enum MemoryControl: String, Codable, Sendable, CaseIterable {
    /// The model's own final memory: what the server does.
    case model
    /// No memory: pass 2 sees its chunk and the null key only.
    case empty
    /// The final memory of another document (the previous one of the set; the first
    /// document takes the last one's): right format, wrong content.
    case otherDocument = "other-document"
    /// The words the task says are needed: for every word that needs memory, the first
    /// occurrence of the same word in an earlier chunk, at most M of them (in the order
    /// they are first needed), with the states and scores of the model's own reading.
    case oracle
}

extension MemoryControl {
    /// For each word that needs memory, the position of its needed earlier occurrence:
    /// the first occurrence of the same text in an earlier chunk. Words that need memory
    /// are `document.needsMemory` (synthetic task); without those flags (CoNLL), the words
    /// of gold entities whose text occurred in an earlier chunk.
    public static func neededOccurrences(of document: LabeledDocument, chunkSize C: Int) -> [(word: Int, source: Int)] {
        var first: [String: Int] = [:]
        var needed: [(Int, Int)] = []
        let flagged = document.needsMemory.contains(true)
        for (t, text) in document.words.enumerated() {
            let needs = flagged ? document.needsMemory[t] : document.labels[t] != "O"
            if needs, let source = first[text], source / C < t / C { needed.append((t, source)) }
            if first[text] == nil { first[text] = t }
        }
        return needed
    }

    /// The oracle memory of `document`: its needed occurrences' entries (from `entries`,
    /// one per word of the document), at most `capacity`, best first in order of need.
    static func oracleMemory(for document: LabeledDocument, entries: [MemoryEntry], capacity: Int, chunkSize: Int) -> Memory {
        var chosen: [MemoryEntry] = []
        var seen: Set<Int> = []
        for (_, source) in neededOccurrences(of: document, chunkSize: chunkSize) where chosen.count < capacity {
            if seen.insert(source).inserted { chosen.append(entries[source]) }
        }
        return Memory(capacity: capacity, policy: .topScore, stride: 1, entries: chosen)
    }

    /// `memory` as another document's: every entry moved to a chunk no pass-2 chunk has,
    /// so none is excluded as "already in the chunk".
    static func foreign(_ memory: Memory) -> Memory {
        Memory(capacity: memory.capacity, policy: memory.policy, stride: memory.stride,
               entries: memory.entries.map { var entry = $0; entry.chunk = -1; return entry })
    }
}
