// Questions about a document's memory, answered from a finished state: which memory
// words a given document word attends to most, and which memory words are nearest to
// a query text. Both run the model, so callers run them where the model runs.

/// A memory entry with a number attached (an attention weight or a similarity).
public struct WeightedMemoryEntry: Sendable, Equatable {
    public let entry: MemoryEntry
    public let weight: Float
}

extension MemoryTransformerModel {
    /// The `k` memory entries word `index` of the document attends to most in pass 2
    /// (the final memory minus its own window's words), heaviest first.
    /// - Precondition: `index < done.words.count`, `done` is a finished state.
    public func memoryAttention(_ done: DocumentState, word index: Int, k: Int) -> [WeightedMemoryEntry] {
        let window = window(ofChunk: index / config.chunkSize, documentLength: done.words.count)
        let memory = window.readable(done.memory.entries)
        guard !memory.isEmpty else { return [] }
        let pass = encode(window, of: done.words, memory: memory)
        let weights = pass.memoryAttention(ofWord: index - window.words.lowerBound)
        return Self.top(k, zip(memory, weights).map { WeightedMemoryEntry(entry: $0, weight: $1) })
    }

    /// The `k` memory entries whose final-normed states (the importance score's input)
    /// are nearest in cosine similarity to the mean state of `query`'s words, each read
    /// alone as a chunk with an empty memory.
    public func nearestMemoryWords(_ done: DocumentState, query: [Word], k: Int) -> [WeightedMemoryEntry] {
        guard !query.isEmpty, !done.memory.entries.isEmpty else { return [] }
        let pass = encode(words: query.map(\.text), memory: [])
        var mean = [Float](repeating: 0, count: config.dModel)
        for t in query.indices {
            for (i, value) in pass.scoreInput(ofWord: t).enumerated() { mean[i] += value / Float(query.count) }
        }
        let scored = done.memory.entries.map { WeightedMemoryEntry(entry: $0, weight: Self.cosine(mean, $0.scoreInput)) }
        return Self.top(k, scored)
    }

    /// The `k` heaviest, ties broken by earlier position.
    private static func top(_ k: Int, _ entries: [WeightedMemoryEntry]) -> [WeightedMemoryEntry] {
        Array(entries.sorted {
            $0.weight != $1.weight ? $0.weight > $1.weight : $0.entry.position < $1.entry.position
        }.prefix(k))
    }

    private static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0, na: Float = 0, nb: Float = 0
        for i in a.indices {
            dot += a[i] * b[i]
            na += a[i] * a[i]
            nb += b[i] * b[i]
        }
        return na > 0 && nb > 0 ? dot / (na.squareRoot() * nb.squareRoot()) : 0
    }
}
