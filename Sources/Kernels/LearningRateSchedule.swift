// Learning-rate schedule: linear warm-up, then cosine decay to a floor.
import Foundation

/// Linear warm-up over `warmupSteps`, then cosine decay from `peak` to
/// `peak · finalFraction` at `totalSteps` (held there after).
public struct LearningRateSchedule: Sendable, Codable, Equatable {
    public var peak: Float
    public var warmupSteps: Int
    public var totalSteps: Int
    public var finalFraction: Float

    public init(peak: Float, warmupSteps: Int, totalSteps: Int, finalFraction: Float = 0.1) {
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.finalFraction = finalFraction
    }

    /// The learning rate for update number `step` (1-based).
    public func rate(at step: Int) -> Float {
        if step <= warmupSteps { return peak * Float(step) / Float(max(warmupSteps, 1)) }
        let span = max(totalSteps - warmupSteps, 1)
        let progress = min(Float(step - warmupSteps) / Float(span), 1)
        let cosine = 0.5 * (1 + cosf(Float.pi * progress))
        return peak * (finalFraction + (1 - finalFraction) * cosine)
    }
}
