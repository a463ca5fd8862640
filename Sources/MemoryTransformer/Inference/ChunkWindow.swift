// The words one chunk's forward pass reads: the chunk itself plus up to K context words on
// each side (`ModelConfig.contextWords`), cut at the end of the words known. The context
// words are attended to but not labelled and not merged into memory, so a word at a
// chunk's edge still sees the rest of its sentence. With K = 0 the window is the chunk.

/// Chunk `index`'s window over a document: the rows its forward pass reads.
public struct ChunkWindow: Sendable, Equatable {
    /// Chunk number k.
    public let index: Int
    /// Document word indices the forward pass reads, one row each (T = `words.count`).
    public let words: Range<Int>
    /// Document word indices it labels and merges into memory: the chunk.
    public let chunk: Range<Int>

    /// Chunk `k` of `C` words (`Int.max`: the whole document) with `K` context words on
    /// each side, in a document of `N` words known so far.
    public init(chunk k: Int, chunkSize C: Int, context K: Int, documentLength N: Int) {
        precondition(k >= 0 && C > 0 && K >= 0 && N >= 0, "chunk \(k) of size \(C), context \(K), \(N) words")
        let start = k == 0 ? 0 : k * C
        precondition(start < N || N == 0, "chunk \(k) starts past the document's \(N) words")
        let end = start + min(C, N - start)
        index = k
        chunk = start..<end
        words = max(0, start - K)..<(end + min(K, N - end))
    }

    /// Rows of the chunk's words inside the window.
    public var rows: Range<Int> {
        let first = chunk.lowerBound - words.lowerBound
        return first..<(first + chunk.count)
    }

    /// The memory entries the window reads: all but its own words (it sees those already).
    /// Entries of another document (`chunk < 0`, the eval control) always stay.
    public func readable(_ entries: [MemoryEntry]) -> [MemoryEntry] {
        entries.filter { $0.chunk < 0 || !words.contains($0.position) }
    }
}

extension MemoryTransformerModel {
    /// Chunk `k`'s window in a document of `N` words known so far.
    public func window(ofChunk k: Int, documentLength N: Int) -> ChunkWindow {
        ChunkWindow(chunk: k, chunkSize: readingChunkSize, context: config.contextWords, documentLength: N)
    }

    /// Every chunk's window of a whole document of `N` words.
    public func windows(documentLength N: Int) -> [ChunkWindow] {
        guard N > 0 else { return [] }
        let C = readingChunkSize
        let count = C == Int.max ? 1 : (N + C - 1) / C
        return (0..<count).map { window(ofChunk: $0, documentLength: N) }
    }

    /// Words a chunk waits for before pass 1 reads it while the document may still grow:
    /// its C words and the K after them.
    var wordsToReadChunk: Int { config.memoryVariant == .full ? Int.max : config.chunkSize + config.contextWords }

    /// One window's forward pass over `words` (the document) against `memory`'s readable entries.
    func encode(_ window: ChunkWindow, of words: [Word], memory entries: [MemoryEntry]) -> ChunkPass {
        encode(words: words[window.words].map(\.text), memory: window.readable(entries))
    }

    /// The labels of a window's chunk words: the whole window decoded, its chunk's rows kept.
    func labels(of window: ChunkWindow, in words: [Word], pass: ChunkPass) -> [LabeledWord] {
        Array(labelDecoder.decode(Array(words[window.words]), pass: pass)[window.rows])
    }
}
