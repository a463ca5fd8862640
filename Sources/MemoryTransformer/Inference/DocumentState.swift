// The streaming state of one document: its memory after pass 1 over every complete
// chunk, the words read so far, and the online labels given so far. A value type, so a
// session can persist it and a failed chunk leaves the previous state untouched.

/// What the server keeps per document (session) between chunks.
public struct DocumentState: Codable, Sendable, Equatable {
    /// Memory after pass 1 over chunks 0..<chunksRead.
    public var memory: Memory
    /// Every word appended so far, in order (complete chunks, then the pending tail).
    public var words: [Word]
    /// Number of complete chunks already read by pass 1.
    public var chunksRead: Int
    /// Online (pass-1) labels of the words of complete chunks.
    public var onlineLabels: [LabeledWord]

    public init(memory: Memory) {
        self.memory = memory
        self.words = []
        self.chunksRead = 0
        self.onlineLabels = []
    }

    /// Words not yet read by pass 1 (fewer than one chunk).
    public var pendingCount: Int { words.count - onlineLabels.count }
}
