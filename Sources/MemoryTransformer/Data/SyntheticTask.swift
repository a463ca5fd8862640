// The synthetic long-range labeling task: invented names are introduced in a context that
// reveals their type and mentioned again, one or more chunks later, in neutral contexts.
// Labeling those later mentions requires remembering the intro (needsMemory = true).
import Kernels

/// Seeded generator of `LabeledDocument`s for the synthetic task (see docs/DATA.md).
/// Document `i` depends only on `(config, i)`, so any subset can be regenerated.
public struct SyntheticTask: Sendable {
    /// The validated configuration.
    public let config: SyntheticTaskConfig

    /// Throws `DataError.invalidSyntheticConfig` if `config` is inconsistent.
    public init(config: SyntheticTaskConfig) throws {
        try config.validate()
        self.config = config
    }

    /// The BIO2 label set of the task, `O` first.
    public static let labels: [String] = ["O"] + SyntheticTemplates.types.flatMap { ["B-\($0)", "I-\($0)"] }

    /// Words that reveal each entity type; they occur only in intro sentences.
    public static var typeRevealingWords: [String: [String]] { SyntheticTemplates.typeNouns }

    /// Words that reveal each entity type in the given variant: in hard mode the larger noun
    /// lists and the participles; they occur only in intro sentences.
    public static func typeRevealingWords(hard: Bool) -> [String: [String]] {
        hard ? SyntheticHardTemplates.cueWords : SyntheticTemplates.typeNouns
    }

    /// All `config.documents` documents.
    public func generate() -> [LabeledDocument] {
        (0..<config.documents).map { document(at: $0) }
    }

    /// Document `index`, with id `"synth-<seed>-<index>"`.
    public func document(at index: Int) -> LabeledDocument {
        let streamSeed = config.seed &* 0x9E37_79B9_7F4A_7C15 ^ (UInt64(index) &+ 0x632B_E59B_D9B4_E019)
        var builder = SyntheticDocumentBuilder(config: config, rng: SeededGenerator(seed: streamSeed))
        return builder.build(id: "synth-\(config.seed)-\(index)")
    }
}
