// What the encoder reads for one chunk: word features and within-chunk positions.

/// One chunk's words as the encoder sees them.
public struct ChunkInput: Sendable {
    /// Word ids, hashed n-grams and shapes of the chunk's T words.
    public let features: WordFeatures
    /// (T): position of each word inside its chunk's window, in 0..<C + 2K.
    public let positions: [Int32]
    /// (T): gold label ids for training (−1 = ignore); empty at inference.
    public let targets: [Int32]
    /// (T): each word's `WordForm`, for the same-word bias; empty when the model has none.
    public let forms: [UInt64]
    /// (T): targets 0 or 1 of the importance score's auxiliary loss (`KeepTargets`), −1 to
    /// ignore a word (a context word); empty without it.
    public let keepTargets: [Float]
    /// (T): words whose word-table row shows only its first `pretrainedColumns` columns, the
    /// others read as 0 (identity dropout, training only: `TrainingConfig.identityDropout`);
    /// empty otherwise.
    public let vectorOnly: [Bool]
    /// Width of the pretrained part of a word row (the frozen GloVe columns), for `vectorOnly`.
    public let pretrainedColumns: Int

    public init(features: WordFeatures, positions: [Int32], targets: [Int32] = [], forms: [UInt64] = [],
                keepTargets: [Float] = [], vectorOnly: [Bool] = [], pretrainedColumns: Int = 0) {
        precondition(features.wordIDs.count == positions.count, "one position per word")
        precondition(targets.isEmpty || targets.count == positions.count, "one target per word")
        precondition(forms.isEmpty || forms.count == positions.count, "one form per word")
        precondition(keepTargets.isEmpty || keepTargets.count == positions.count, "one keep target per word")
        precondition(vectorOnly.isEmpty || vectorOnly.count == positions.count, "one identity-dropout flag per word")
        precondition(pretrainedColumns >= 0, "pretrained columns cannot be negative")
        self.features = features
        self.positions = positions
        self.targets = targets
        self.forms = forms
        self.keepTargets = keepTargets
        self.vectorOnly = vectorOnly
        self.pretrainedColumns = pretrainedColumns
    }

    /// Number of words, T.
    public var count: Int { positions.count }

    /// Positions 0, 1, … wrapped at `chunkSize`, the position table's rows (C + 2K; the
    /// `full` variant reads a whole document as one chunk and reuses the C learned
    /// positions cyclically).
    public static func positions(count: Int, chunkSize: Int) -> [Int32] {
        (0..<count).map { Int32($0 % chunkSize) }
    }
}
