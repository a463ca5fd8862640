// The integer inputs of the embedding layer for one document: word ids, hashed character
// n-grams in CSR layout, and shape ids. No floats here; the embeddings live in the model.

/// Features of T words. N-grams of word `t` are `ngramBuckets[ngramOffsets[t]..<ngramOffsets[t + 1]]`.
public struct WordFeatures: Sendable, Equatable {
    /// Vocabulary id per word (T).
    public var wordIDs: [Int32]
    /// CSR offsets into `ngramBuckets` (T + 1, starting at 0, non-decreasing).
    public var ngramOffsets: [Int32]
    /// Hashed n-gram bucket ids, each in `0..<buckets`.
    public var ngramBuckets: [Int32]
    /// `WordShape` raw value per word (T).
    public var shapeIDs: [Int32]

    /// Creates features from already computed arrays.
    public init(wordIDs: [Int32], ngramOffsets: [Int32], ngramBuckets: [Int32], shapeIDs: [Int32]) {
        self.wordIDs = wordIDs
        self.ngramOffsets = ngramOffsets
        self.ngramBuckets = ngramBuckets
        self.shapeIDs = shapeIDs
    }

    /// Number of words, T.
    public var count: Int { wordIDs.count }

    /// The n-gram buckets of word `t`.
    public func ngrams(ofWord t: Int) -> ArraySlice<Int32> {
        ngramBuckets[Int(ngramOffsets[t])..<Int(ngramOffsets[t + 1])]
    }
}
