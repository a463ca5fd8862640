// Pass 1 through ChunkPass (the naive path of `read`), one chunk at a time, and a reading
// that keeps every word's memory entry on the side: the candidates of training with
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
            entries += readChunkNaive(chunkWords, first: first, chunk: chunk, into: &memory).candidates
        }
        return (memory, entries)
    }

    /// One chunk of pass 1 through ChunkPass: its forward pass against `memory`, then its
    /// words as memory candidates, merged into `memory` (the naive path of `read`).
    func readChunkNaive(_ chunkWords: [Word], first: Int, chunk: Int,
                        into memory: inout Memory) -> (pass: ChunkPass, candidates: [MemoryEntry]) {
        let pass = encode(words: chunkWords.map(\.text), memory: memory.entries)
        let candidates = memoryCandidates(from: pass, words: chunkWords, firstPosition: first, chunk: chunk)
        memory.merge(candidates)
        return (pass, candidates)
    }
}
