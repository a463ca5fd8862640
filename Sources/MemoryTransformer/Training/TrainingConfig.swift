// Hyperparameters of a training run (saved beside the checkpoint for resuming).
import Kernels

/// Settings of `memtx train`.
public struct TrainingConfig: Codable, Sendable, Equatable {
    /// Seed for weights, data order and anything random.
    public var seed: UInt64 = 1
    /// Optimiser updates to take.
    public var steps: Int = 1000
    /// Documents whose gradients are summed into one update.
    public var documentsPerStep: Int = 1
    /// Peak learning rate, warm-up steps and final fraction of the cosine decay.
    public var learningRate: Float = 2e-3
    public var warmupSteps: Int = 100
    public var finalLearningRateFraction: Float = 0.1
    /// Global gradient-norm clip.
    public var gradientClip: Float = 1.0
    /// AdamW settings (weight decay included).
    public var adamW = AdamWConfig()
    /// Probability of dropping a word to "unknown" in the pass with gradients (`WordDropout`).
    public var wordDropout: Float = 0
    /// Probability of dropping a hidden unit in the pass with gradients (`HiddenDropoutMasks`:
    /// x_0, each block's attention and MLP branches, the head's input).
    public var hiddenDropout: Float = 0
    /// Columns `0..<n` of the word-embedding table are frozen (pretrained vectors).
    public var frozenWordColumns: Int = 0
    /// Probability of identity dropout in the pass with gradients: a word (not already dropped
    /// to "unknown") keeps its pretrained columns `0..<frozenWordColumns` and loses its trained
    /// ones, as a word training never saw shows at inference (`ChunkInput.vectorOnly`).
    public var identityDropout: Float = 0
    /// Weight λ of the importance score's auxiliary loss (`KeepTargets`; learned variant):
    /// λ × the mean logistic loss of σ(s_t) against "an entity word whose word recurs in a
    /// later chunk". 0: the score learns through attention only (the poster's trick).
    public var scoreLossWeight: Float = 0
    /// Weight of the intermediate label loss (`ChunkPass.intermediateLoss`): each block's
    /// output below the last read by the final LayerNorm and label head, cross-entropy
    /// against the gold labels, per labelled word like the main loss. 0: off.
    public var intermediateLossWeight: Float = 0

    public init() {}

    // Decoding tolerates files written before a setting existed (they resume with its default).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrainingConfig()
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        steps = try c.decodeIfPresent(Int.self, forKey: .steps) ?? d.steps
        documentsPerStep = try c.decodeIfPresent(Int.self, forKey: .documentsPerStep) ?? d.documentsPerStep
        learningRate = try c.decodeIfPresent(Float.self, forKey: .learningRate) ?? d.learningRate
        warmupSteps = try c.decodeIfPresent(Int.self, forKey: .warmupSteps) ?? d.warmupSteps
        finalLearningRateFraction = try c.decodeIfPresent(Float.self, forKey: .finalLearningRateFraction) ?? d.finalLearningRateFraction
        gradientClip = try c.decodeIfPresent(Float.self, forKey: .gradientClip) ?? d.gradientClip
        adamW = try c.decodeIfPresent(AdamWConfig.self, forKey: .adamW) ?? d.adamW
        wordDropout = try c.decodeIfPresent(Float.self, forKey: .wordDropout) ?? d.wordDropout
        hiddenDropout = try c.decodeIfPresent(Float.self, forKey: .hiddenDropout) ?? d.hiddenDropout
        frozenWordColumns = try c.decodeIfPresent(Int.self, forKey: .frozenWordColumns) ?? d.frozenWordColumns
        identityDropout = try c.decodeIfPresent(Float.self, forKey: .identityDropout) ?? d.identityDropout
        scoreLossWeight = try c.decodeIfPresent(Float.self, forKey: .scoreLossWeight) ?? d.scoreLossWeight
        intermediateLossWeight = try c.decodeIfPresent(Float.self, forKey: .intermediateLossWeight) ?? d.intermediateLossWeight
    }

    /// The learning-rate schedule these settings describe.
    public var schedule: LearningRateSchedule {
        LearningRateSchedule(peak: learningRate, warmupSteps: warmupSteps, totalSteps: steps,
                             finalFraction: finalLearningRateFraction)
    }
}
