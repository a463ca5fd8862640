// Inference: pass 1 reads a document chunk by chunk, building the memory (and giving
// online labels); pass 2 labels every chunk again against the final memory. Streaming
// a document in pieces gives exactly the labels of labeling it whole, because chunks
// are cut by word count, never by how the client split the text.
// Two implementations of the same computation (`InferencePath`): `.batched` (default)
// runs ChunkBatchEncoder (cached input embeddings, vectorised softmax/GELU/LayerNorm,
// memory keys and values projected once per entry, buffers reused);
// `.naive` runs one ChunkPass per chunk (the training forward). Tests hold them equal;
// `memtx bench model` times both (docs/PERFORMANCE.md).

/// Which forward implementation inference runs.
public enum InferencePath: Sendable {
    /// ChunkBatchEncoder: embeddings and memory keys/values cached, vectorised kernels,
    /// pass-2 chunks batched, buffers reused (the default).
    case batched
    /// One ChunkPass per chunk, everything recomputed (the tests' reference).
    case naive
}

extension MemoryTransformerModel {
    /// Chunks stacked per GEMM in pass 2. One: a chunk's products then have the same shape
    /// however a request pages the document, so paged, streamed and whole-document labels
    /// are bit-for-bit equal (OpenBLAS rounds a row differently in a taller product), and
    /// 16 chunks per product (1 024 rows) measured no faster (docs/PERFORMANCE.md).
    static let passTwoBatch = 1

    /// A fresh state for a new document.
    public func newDocument() -> DocumentState { DocumentState(memory: emptyMemory()) }

    /// Whether `path` runs batched for this variant (`attention` needs ChunkPass's probabilities;
    /// `full` is the unoptimised baseline).
    func runsBatched(_ path: InferencePath) -> Bool {
        path == .batched && config.memoryVariant != .attention && config.memoryVariant != .full
    }

    /// Appends `newWords` and runs pass 1 over every chunk they complete (a chunk is read
    /// once its C words and the K context words after it have arrived). Returns the
    /// online labels of the words of the chunks completed by this call. `reader` (batched
    /// path only) is the document's kept working set; without one a fresh one is used.
    @discardableResult
    public func read(_ state: inout DocumentState, words newWords: [Word], path: InferencePath = .batched,
                     reader kept: DocumentReader? = nil) -> [LabeledWord] {
        state.words += newWords
        var labels: [LabeledWord] = []
        let reader = runsBatched(path) ? (kept ?? DocumentReader(model: self)) : nil
        while state.pendingCount >= wordsToReadChunk {
            labels += readChunk(&state, reader: reader)
        }
        return labels
    }

    /// Reads the next chunk of the pending words (pass 1; its window cut at the words
    /// known), with `reader` or ChunkPass.
    private func readChunk(_ state: inout DocumentState, reader: DocumentReader?) -> [LabeledWord] {
        let window = window(ofChunk: state.chunksRead, documentLength: state.words.count)
        let labels: [LabeledWord]
        if let reader {
            labels = readChunkBatched(&state, window: window, reader: reader)
        } else {
            let pass = readChunkNaive(window, of: state.words, into: &state.memory).pass
            labels = self.labels(of: window, in: state.words, pass: pass)
        }
        state.chunksRead += 1
        state.onlineLabels += labels
        return labels
    }

    /// The state after reading the pending words as the document's last chunks (the last
    /// one short, their windows cut at the last word): the document as if it ended here.
    public func finished(_ state: DocumentState, path: InferencePath = .batched) -> DocumentState {
        var copy = state
        let reader = runsBatched(path) && copy.pendingCount > 0 ? DocumentReader(model: self) : nil
        while copy.pendingCount > 0 {
            _ = readChunk(&copy, reader: reader)
        }
        return copy
    }

    /// Pass 2: the final labels of every word read so far (the pending tail included).
    /// Each chunk attends to itself plus the final memory minus its own words; the
    /// `fifo` variant has no global memory, so its final labels are its online ones.
    public func finalLabels(_ state: DocumentState, path: InferencePath = .batched) -> [LabeledWord] {
        let done = finished(state, path: path)
        if config.memoryVariant == .fifo || config.memoryVariant == .full || config.memoryVariant == .none {
            return done.onlineLabels
        }
        return finalLabels(done, chunks: 0..<done.chunksRead, path: path)
    }

    /// Final labels of the words `range` of a finished state (`done = finished(state)`):
    /// pass 2 over just the chunks that hold them, so a long document can be paged.
    public func finalLabels(finished done: DocumentState, words range: Range<Int>, path: InferencePath = .batched) -> [LabeledWord] {
        guard !range.isEmpty else { return [] }
        if config.memoryVariant == .fifo || config.memoryVariant == .full || config.memoryVariant == .none {
            return Array(done.onlineLabels[range])
        }
        let C = config.chunkSize
        let chunks = (range.lowerBound / C)..<((range.upperBound + C - 1) / C)
        let labels = finalLabels(done, chunks: chunks, path: path)
        let first = chunks.lowerBound * C
        return Array(labels[(range.lowerBound - first)..<(range.upperBound - first)])
    }

    /// Pass 2 over a range of chunks of a finished state (for paging through a long document).
    public func finalLabels(_ done: DocumentState, chunks: Range<Int>, path: InferencePath = .batched) -> [LabeledWord] {
        if runsBatched(path) { return finalLabelsBatched(done, chunks: chunks) }
        var labels: [LabeledWord] = []
        for chunk in chunks {
            let window = window(ofChunk: chunk, documentLength: done.words.count)
            labels += self.labels(of: window, in: done.words, pass: encode(window, of: done.words, memory: done.memory.entries))
        }
        return labels
    }

    /// Labels a whole document (both passes).
    public func label(words: [Word], path: InferencePath = .batched) -> [LabeledWord] {
        guard !words.isEmpty else { return [] }
        var state = newDocument()
        read(&state, words: words, path: path)
        return finalLabels(state, path: path)
    }
}

