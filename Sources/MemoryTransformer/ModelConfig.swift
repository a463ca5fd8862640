// The model's hyperparameters and label set, stored as config.json in a checkpoint.
// Everything that decides the forward pass lives here (see docs/MODEL.md).

/// How the memory chooses which words to keep (the ablation of docs/MODEL.md).
public enum MemoryVariant: String, Codable, Sendable, CaseIterable {
    /// No memory: each chunk sees only itself (and the null key).
    case none
    /// The last M words before the chunk (Transformer-XL style).
    case fifo
    /// M words spread evenly over the document so far.
    case strided
    /// Top-M by attention received inside their chunk; untrained (H2O / TOVA style).
    case attention
    /// Top-M by the learned importance score, which is added to memory keys' logits.
    case learned
    /// The whole document as one chunk: the quadratic upper bound.
    case full
}

/// Hyperparameters of a Memory Transformer; `config.json` of a checkpoint.
public struct ModelConfig: Codable, Sendable, Equatable {
    /// Checkpoint format version this config belongs to.
    public var formatVersion: Int = ModelConfig.currentFormatVersion
    /// Output labels, index = class id (e.g. CoNLL BIO tags).
    public var labels: [String]
    /// Width of every hidden state.
    public var dModel: Int = 64
    /// Number of transformer blocks.
    public var layers: Int = 2
    /// Attention heads per block (dModel divisible by heads).
    public var heads: Int = 4
    /// Hidden width of the MLP.
    public var mlpHidden: Int = 256
    /// Words per chunk, C.
    public var chunkSize: Int = 32
    /// Context words K read on each side of a chunk (its window, `ChunkWindow`): they
    /// are attended to but not labelled and not merged into memory, so a word at a chunk's
    /// edge sees its sentence. 0: the chunk alone. Configs written before it: 0.
    public var contextWords: Int = 0
    /// Words kept in memory, M.
    public var memorySize: Int = 16
    /// Memory selection rule.
    public var memoryVariant: MemoryVariant = .learned
    /// Rows of the word embedding table (vocabulary incl. the special rows).
    public var vocabularySize: Int = 2
    /// Rows of the hashed character n-gram table.
    public var ngramBuckets: Int = 20_000
    /// Shortest and longest character n-gram hashed (on the word wrapped in < >).
    public var ngramMin: Int = 2
    public var ngramMax: Int = 4
    /// Relative positions between chunk words get a learned per-head logit bias for
    /// offsets −R…R (farther offsets share the bucket at ±R).
    public var relativeRange: Int = 8
    /// In training, pass 2 attends to this many × M candidates (scores added), so words
    /// just outside the top-M also get a gradient. Evaluation always uses hard top-M.
    public var trainingCandidateFactor: Int = 2
    /// How a chunk's logits become labels. New models decode BIO-valid sequences; a
    /// config.json written before this setting existed decodes by argmax, as it did then.
    public var decoding: LabelDecoding = .bioViterbi
    /// Whether the checkpoint stores the word-embedding table in half precision (F16), so a
    /// vocabulary of all 400 000 GloVe words fits (the forward pass reads it as Float).
    public var halfPrecisionWordTable: Bool = false
    /// Whether attention adds a learned per-block, per-head logit bias between two words
    /// of the same normalised form (`attn.same_word_bias`): a later mention finds its
    /// earlier one, in the chunk or in memory, by identity. Configs written before it: off.
    public var sameWordBias: Bool = false
    /// Whether the memory (learned and attention variants) holds one entry per word (normal
    /// form): its earliest occurrence, ranked by its occurrences' best score
    /// (`MemoryPolicy.topScorePerWord`), so that one frequent word cannot fill it.
    public var oneEntryPerWord: Bool = false
    /// With one entry per word: added to a held word's ranking key each time a later chunk
    /// holds the word again (`Memory.merge`), so a name that recurs outranks one seen once.
    /// Not a weight (`memtx eval --recurrence-bonus` may override it). Configs written before it: 0.
    public var recurrenceBonus: Float = 0
    /// Whether a word with a capital letter also gets the n-grams of its text as written
    /// (`Featurizer`, after the lowercased ones, hashed apart): case-sensitive character
    /// features beside the word's shape. Configs written before it: off.
    public var casedNgrams: Bool = false
    /// Whether the labels are a linear-chain CRF: a learned transition score between
    /// consecutive labels (`head.transitions`, K × K), trained with the chain's exact
    /// log-likelihood per chunk and added in Viterbi decoding. Configs written before it: off.
    public var crf: Bool = false

    public static let currentFormatVersion = 1

    public init(labels: [String]) { self.labels = labels }

    // Decoding tolerates config.json files written before a setting existed: `decoding`
    // defaults to argmax there (their labels were argmax labels), the word table to F32, the
    // same-word bias, the one-entry-per-word memory, cased n-grams and the CRF to off.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        labels = try c.decode([String].self, forKey: .labels)
        dModel = try c.decode(Int.self, forKey: .dModel)
        layers = try c.decode(Int.self, forKey: .layers)
        heads = try c.decode(Int.self, forKey: .heads)
        mlpHidden = try c.decode(Int.self, forKey: .mlpHidden)
        chunkSize = try c.decode(Int.self, forKey: .chunkSize)
        contextWords = try c.decodeIfPresent(Int.self, forKey: .contextWords) ?? 0
        memorySize = try c.decode(Int.self, forKey: .memorySize)
        memoryVariant = try c.decode(MemoryVariant.self, forKey: .memoryVariant)
        vocabularySize = try c.decode(Int.self, forKey: .vocabularySize)
        ngramBuckets = try c.decode(Int.self, forKey: .ngramBuckets)
        ngramMin = try c.decode(Int.self, forKey: .ngramMin)
        ngramMax = try c.decode(Int.self, forKey: .ngramMax)
        relativeRange = try c.decode(Int.self, forKey: .relativeRange)
        trainingCandidateFactor = try c.decode(Int.self, forKey: .trainingCandidateFactor)
        decoding = try c.decodeIfPresent(LabelDecoding.self, forKey: .decoding) ?? .argmax
        halfPrecisionWordTable = try c.decodeIfPresent(Bool.self, forKey: .halfPrecisionWordTable) ?? false
        sameWordBias = try c.decodeIfPresent(Bool.self, forKey: .sameWordBias) ?? false
        oneEntryPerWord = try c.decodeIfPresent(Bool.self, forKey: .oneEntryPerWord) ?? false
        recurrenceBonus = try c.decodeIfPresent(Float.self, forKey: .recurrenceBonus) ?? 0
        casedNgrams = try c.decodeIfPresent(Bool.self, forKey: .casedNgrams) ?? false
        crf = try c.decodeIfPresent(Bool.self, forKey: .crf) ?? false
    }

    /// Rows of the position table: the longest window, C + 2K.
    public var positionCount: Int { chunkSize + 2 * contextWords }

    /// Width of one attention head.
    public var headSize: Int { dModel / heads }

    /// Whether weights built for `other` fit this config: every field but those that only
    /// change how the weights are used (`decoding`, `recurrenceBonus`) or stored (`halfPrecisionWordTable`).
    public func hasSameWeights(as other: ModelConfig) -> Bool {
        var normalised = other
        normalised.decoding = decoding
        normalised.recurrenceBonus = recurrenceBonus
        normalised.halfPrecisionWordTable = halfPrecisionWordTable
        return normalised == self
    }

    /// Checks internal consistency; throws `ModelError.invalidConfig` with the reason.
    public func validate() throws {
        func check(_ condition: Bool, _ reason: String) throws {
            if !condition { throw ModelError.invalidConfig(reason: reason) }
        }
        try check(formatVersion == Self.currentFormatVersion,
                  "format version \(formatVersion), this build reads \(Self.currentFormatVersion)")
        try check(!labels.isEmpty, "no labels")
        try check(dModel > 0 && heads > 0 && dModel % heads == 0, "dModel \(dModel) not divisible by heads \(heads)")
        try check(layers > 0 && mlpHidden > 0, "layers and mlpHidden must be positive")
        try check(chunkSize > 0, "chunkSize must be positive")
        try check(memorySize >= 0, "memorySize must be ≥ 0")
        try check(contextWords >= 0, "contextWords must be ≥ 0")
        try check(recurrenceBonus >= 0 && recurrenceBonus.isFinite, "recurrenceBonus must be finite and ≥ 0")
        try check(recurrenceBonus == 0 || oneEntryPerWord, "recurrenceBonus needs oneEntryPerWord")
        try check(contextWords == 0 || memoryVariant != .full, "the full variant reads the whole document: contextWords must be 0")
        try check(vocabularySize >= 2 && ngramBuckets > 0, "vocabulary and n-gram table must be non-empty")
        try check(ngramMin > 0 && ngramMax >= ngramMin, "n-gram range \(ngramMin)...\(ngramMax)")
        try check(relativeRange >= 0, "relativeRange must be ≥ 0")
        try check(trainingCandidateFactor >= 0, "trainingCandidateFactor must be ≥ 0 (0: every word)")
    }
}
