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

    public init() {}

    /// The learning-rate schedule these settings describe.
    public var schedule: LearningRateSchedule {
        LearningRateSchedule(peak: learningRate, warmupSteps: warmupSteps, totalSteps: steps,
                             finalFraction: finalLearningRateFraction)
    }
}
