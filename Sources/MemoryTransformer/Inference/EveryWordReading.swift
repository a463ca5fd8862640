// Pass 1 as inference reads it (hard top-M memory, through ChunkPass), keeping every
// word's memory entry on the side: the candidates of training with
// `trainingCandidateFactor = 0`, and the pool the oracle memory of `memtx eval` picks from.

extension MemoryTransformerModel {
    /// Reads `words` chunk by chunk with the model's own memory rule; returns the final
    /// memory and one entry per word (score, states), in document order.
    func readKeepingEveryWord(_ words: [Word]) -> (memory: Memory, entries: [MemoryEntry]) {
        var memory = emptyMemory()
        var entries: [MemoryEntry] = []
        let C = readingChunkSize
        for (chunk, first) in stride(from: 0, to: words.count, by: C).enumerated() {
            let chunkWords = Array(words[first..<min(first + C, words.count)])
            let pass = encode(words: chunkWords.map(\.text), memory: memory.entries)
            let candidates = memoryCandidates(from: pass, words: chunkWords, firstPosition: first, chunk: chunk)
            entries += candidates
            memory.merge(candidates)
        }
        return (memory, entries)
    }
}
