// Knobs of the synthetic long-range labeling task (see docs/DATA.md): how long the
// documents are, how many invented names compete for memory, and how far apart a
// name's type-revealing introduction and its neutral later mentions are.

/// Configuration of `SyntheticTask`. Defaults give 256-word documents with 8 names
/// (M = 16, ratio 0.5), later mentions ≥ 48 words (1.5 chunks of 32) after the intro.
public struct SyntheticTaskConfig: Codable, Sendable, Equatable {
    /// Seed of all randomness; document i uses a stream derived from (seed, i).
    public var seed: UInt64 = 1
    /// Number of documents generated.
    public var documents: Int = 100
    /// Exact number of words per document. Any multiple of the training length works:
    /// names scale with it (see `namesPerDocument`).
    public var wordsPerDocument: Int = 256
    /// Memory size M the task is tuned against.
    public var memorySize: Int = 16
    /// Names introduced per `referenceWords` words, as a fraction of M.
    public var namesPerMemorySlot: Double = 0.5
    /// Length at which `namesPerMemorySlot × memorySize` names are introduced.
    public var referenceWords: Int = 256
    /// Chunk size C of the model; used to check `minDistance` and to keep control-mode
    /// mentions in the intro's chunk.
    public var chunkSize: Int = 32
    /// Minimum distance in words from a name's introduction to each later mention
    /// (must be ≥ chunkSize so the mention lies in another chunk).
    public var minDistance: Int = 48
    /// Later mentions of each name that is mentioned again.
    public var mentionsPerName: Int = 2
    /// Fraction of names introduced but never mentioned again (they compete for memory).
    public var unmentionedFraction: Double = 0.25
    /// Fraction of filler sentences that are distractors: capitalised non-name words
    /// (days, months, seasons) labeled O.
    public var distractorRate: Double = 0.3
    /// Fraction of names that have two words (tagged B-X I-X).
    public var twoWordNameFraction: Double = 0.2
    /// Control mode: every mention follows its intro in the same chunk, so local context
    /// suffices and `needsMemory` is false everywhere.
    public var control: Bool = false
    /// Hard variant (`memtx synth --hard`, see docs/DATA.md): names built from shared stems,
    /// varied intro frames with the type cue at varying distance, and more distractors,
    /// some of them invented capitalised words labeled O. `false` keeps the original task
    /// bit for bit.
    public var hard: Bool = false

    public init() {}

    /// Distractor rate actually used: `distractorRate`, raised to at least
    /// `SyntheticHardTemplates.minimumDistractorRate` in hard mode.
    public var effectiveDistractorRate: Double {
        hard ? max(distractorRate, SyntheticHardTemplates.minimumDistractorRate) : distractorRate
    }

    /// Names introduced per document: `round(namesPerMemorySlot × M × words / referenceWords)`, at least 1.
    public var namesPerDocument: Int {
        let scaled = namesPerMemorySlot * Double(memorySize) * Double(wordsPerDocument) / Double(referenceWords)
        return max(1, Int(scaled.rounded()))
    }

    /// Throws `DataError.invalidSyntheticConfig` with the reason when the knobs conflict.
    public func validate() throws {
        func check(_ condition: Bool, _ reason: String) throws {
            if !condition { throw DataError.invalidSyntheticConfig(reason: reason) }
        }
        func fraction(_ x: Double) -> Bool { x >= 0 && x <= 1 }
        try check(documents >= 0, "documents must be ≥ 0")
        try check(memorySize > 0 && namesPerMemorySlot > 0, "memorySize and namesPerMemorySlot must be positive")
        try check(referenceWords > 0, "referenceWords must be positive")
        try check(chunkSize > 0, "chunkSize must be positive")
        try check(mentionsPerName >= 1, "mentionsPerName must be ≥ 1")
        try check(fraction(unmentionedFraction) && fraction(distractorRate) && fraction(twoWordNameFraction),
                  "fractions must lie in [0, 1]")
        let longest = hard
            ? SyntheticHardTemplates.longestIntro + SyntheticHardTemplates.longestMention + 2
            : SyntheticTemplates.longestIntro + SyntheticTemplates.longestMention + 2
        if control {
            try check(chunkSize >= longest,
                      "control mode needs chunkSize ≥ \(longest) to fit an intro and a mention")
            try check(wordsPerDocument >= chunkSize, "wordsPerDocument must be ≥ chunkSize")
        } else {
            try check(minDistance >= chunkSize,
                      "minDistance \(minDistance) < chunkSize \(chunkSize): mentions could share the intro's chunk")
            try check(wordsPerDocument >= minDistance + 2 * longest,
                      "wordsPerDocument \(wordsPerDocument) too short for minDistance \(minDistance)")
        }
    }
}
