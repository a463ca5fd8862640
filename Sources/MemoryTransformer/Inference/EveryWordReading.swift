// Pass 1 through ChunkPass (the naive path of `read`), one chunk at a time, and a reading
// that keeps every word's memory entry on the side: the candidates of training with
// `trainingCandidateFactor = 0`, and the pool the oracle memory of `memtx eval` picks from.

extension MemoryTransformerModel {
    /// Reads `words` chunk by chunk with the model's own memory rule; returns the final
    /// memory and one entry per word (score, states), in document order.
    func readKeepingEveryWord(_ words: [Word]) -> (memory: Memory, entries: [MemoryEntry]) {
        var memory = emptyMemory()
        var entries: [MemoryEntry] = []
        for window in windows(documentLength: words.count) {
            entries += readChunkNaive(window, of: words, into: &memory).candidates
        }
        return (memory, entries)
    }

    /// One chunk of pass 1 through ChunkPass: its window's forward pass against `memory`,
    /// then the chunk's words as memory candidates, merged into `memory` (the naive path
    /// of `read`). `words` is the document.
    func readChunkNaive(_ window: ChunkWindow, of words: [Word],
                        into memory: inout Memory) -> (pass: ChunkPass, candidates: [MemoryEntry]) {
        let pass = encode(window, of: words, memory: memory.entries)
        let candidates = memoryCandidates(from: pass, window: window, words: words)
        memory.merge(candidates, recurrenceBonus: config.recurrenceBonus)
        return (pass, candidates)
    }
}
