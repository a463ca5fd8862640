// Which keys of a chunk's attention carry the same word as each query, for the same-word
// bias (`ModelConfig.sameWordBias`, docs/MODEL.md "One attention logit"): two words match
// when their normal forms (`Vocabulary.normalise`: lowercased, digits → 0) are equal.
// Forms are compared as 64-bit FNV-1a hashes of the normal form's UTF-8; a collision
// between two different forms of one chunk and its memory is left to chance (≈ 2⁻⁶⁴ a pair).

/// A word's identity for the same-word bias: FNV-1a 64 of its normal form's UTF-8.
public enum WordForm {
    public static func of(_ word: String) -> UInt64 {
        FNV1a.hash(Array(Vocabulary.normalise(word).utf8)[...])
    }
}

/// The (query, key) pairs of one chunk whose words match: queries are the chunk's T words,
/// keys are the chunk's words (0..<T) then its memory entries (T..<T + Mk); a word is not
/// paired with itself. Sorted by query, then key.
public struct SameWordPairs: Sendable, Equatable {
    /// Query index (0..<T) of each pair.
    public let queries: [Int32]
    /// Key index (0..<T + Mk) of each pair.
    public let keys: [Int32]

    /// Pairs of the chunk words `chunk` (T forms) with the keys `chunk` followed by `memory`.
    public init(chunk: some Collection<UInt64>, memory: some Collection<UInt64>) {
        var keysOfForm: [UInt64: [Int32]] = [:]
        for (j, form) in (Array(chunk) + Array(memory)).enumerated() { keysOfForm[form, default: []].append(Int32(j)) }
        var queries: [Int32] = [], keys: [Int32] = []
        for (i, form) in chunk.enumerated() {
            for j in keysOfForm[form] ?? [] where j != Int32(i) {
                queries.append(Int32(i))
                keys.append(j)
            }
        }
        self.queries = queries
        self.keys = keys
    }

    /// Number of pairs.
    public var count: Int { queries.count }

    /// No pairs.
    public static let none = SameWordPairs(chunk: [UInt64](), memory: [UInt64]())
}
