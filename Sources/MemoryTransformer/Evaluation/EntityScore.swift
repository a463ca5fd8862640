// Result types of entity-level scoring: counts and the precision/recall/F1 derived
// from them, overall, per type, and restricted to repeated (and memory-target) mentions.

/// Counts of one scoring bucket and the derived precision, recall and F1 (fractions in
/// [0, 1], not percentages). Every ratio with a zero denominator is defined as 0.
public struct PRFScore: Codable, Sendable, Equatable {
    /// Predicted chunks that exactly match a gold chunk (start, end and type).
    public var correct: Int = 0
    /// Predicted chunks in this bucket.
    public var predicted: Int = 0
    /// Gold chunks in this bucket.
    public var gold: Int = 0

    public init(correct: Int = 0, predicted: Int = 0, gold: Int = 0) {
        self.correct = correct
        self.predicted = predicted
        self.gold = gold
    }

    /// correct / predicted (0 when nothing was predicted).
    public var precision: Double { predicted == 0 ? 0 : Double(correct) / Double(predicted) }
    /// correct / gold (0 when there is no gold chunk).
    public var recall: Double { gold == 0 ? 0 : Double(correct) / Double(gold) }
    /// Harmonic mean of precision and recall (0 when both are 0).
    public var f1: Double {
        let p = precision, r = recall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    private enum CodingKeys: String, CodingKey { case correct, predicted, gold, precision, recall, f1 }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        correct = try c.decode(Int.self, forKey: .correct)
        predicted = try c.decode(Int.self, forKey: .predicted)
        gold = try c.decode(Int.self, forKey: .gold)
    }

    /// Encodes the counts and, for readers of the JSON, the derived ratios.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(correct, forKey: .correct)
        try c.encode(predicted, forKey: .predicted)
        try c.encode(gold, forKey: .gold)
        try c.encode(precision, forKey: .precision)
        try c.encode(recall, forKey: .recall)
        try c.encode(f1, forKey: .f1)
    }

    static func += (lhs: inout PRFScore, rhs: PRFScore) {
        lhs.correct += rhs.correct
        lhs.predicted += rhs.predicted
        lhs.gold += rhs.gold
    }
}

/// Entity-level scores of a set of documents (see `EntityScorer` for the definitions).
public struct EntityScoreReport: Codable, Sendable, Equatable {
    /// All chunks.
    public var overall = PRFScore()
    /// Per entity type (keys: `PER`, `LOC`, ...; a type appears if it was gold or predicted).
    public var perType: [String: PRFScore] = [:]
    /// Restricted to repeated mentions.
    public var repeated = PRFScore()
    /// Repeated mentions, per entity type.
    public var repeatedPerType: [String: PRFScore] = [:]
    /// Memory-target mentions (`EntityScorer`), when a `MemoryTarget` was given.
    public var memoryTarget: PRFScore?

    public init() {}
}
