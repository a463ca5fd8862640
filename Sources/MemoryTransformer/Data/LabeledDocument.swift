// A document as the model sees it: words, one gold BIO2 label per word, and a flag per
// word telling whether its label can only be inferred from an earlier chunk.

/// One labeled document: the unit the Memory Transformer reads chunk by chunk.
public struct LabeledDocument: Codable, Sendable, Equatable {
    /// Stable identifier (e.g. `"conll-12"`, `"synth-7-3"`).
    public var id: String
    /// The words, in reading order.
    public var words: [String]
    /// One BIO2 tag per word (`O`, `B-PER`, `I-PER`, ...).
    public var labels: [String]
    /// Per word: `true` when the correct label can only be inferred from context in an
    /// earlier chunk (a later mention of a name introduced far back). Always `false` for CoNLL.
    public var needsMemory: [Bool]

    /// Creates a document; `needsMemory` defaults to all `false`.
    public init(id: String, words: [String], labels: [String], needsMemory: [Bool]? = nil) {
        self.id = id
        self.words = words
        self.labels = labels
        self.needsMemory = needsMemory ?? Array(repeating: false, count: words.count)
    }

    /// Number of words.
    public var count: Int { words.count }

    /// Throws `DataError.lengthMismatch` unless words, labels and needsMemory have equal length.
    public func validate() throws {
        guard labels.count == words.count, needsMemory.count == words.count else {
            throw DataError.lengthMismatch(
                document: id, words: words.count,
                labels: labels.count == words.count ? needsMemory.count : labels.count)
        }
    }
}
