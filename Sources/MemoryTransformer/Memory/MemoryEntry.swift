// One word kept in memory: what later layers need to use it as a key/value (its
// per-layer hidden states), what recomputes its score, and where it came from.

/// A word held in a document's memory.
public struct MemoryEntry: Codable, Sendable, Equatable {
    /// Ranking key: the learned importance (learned), the attention it received
    /// (attention), or 0 for the position-based variants (fifo, strided).
    public var score: Float
    /// Word index in the whole document (0-based).
    public var position: Int
    /// Chunk index the word was read in.
    public var chunk: Int
    /// The word's text.
    public var word: String
    /// Half-open offsets in Unicode scalars into the whole document.
    public var start: Int
    public var end: Int
    /// (L, d): the input of each block for this word when its chunk was read.
    public var states: [Float]
    /// (d): the final-layer-normed state the importance score is a linear map of.
    public var scoreInput: [Float]

    public init(score: Float, position: Int, chunk: Int, word: String, start: Int, end: Int,
                states: [Float], scoreInput: [Float]) {
        self.score = score
        self.position = position
        self.chunk = chunk
        self.word = word
        self.start = start
        self.end = end
        self.states = states
        self.scoreInput = scoreInput
    }
}
