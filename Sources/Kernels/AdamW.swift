// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, plus global
// gradient-norm clipping. The optimiser owns its moment buffers per parameter.

import Foundation

/// One trainable parameter as the optimiser sees it.
public struct TrainableParameter: @unchecked Sendable {
    /// The weights, updated in place.
    public let value: Tensor
    /// The accumulated gradient, same shape.
    public let gradient: Tensor
    /// Whether weight decay applies (not for biases, norms and embeddings' bias rows).
    public let decays: Bool

    public init(value: Tensor, gradient: Tensor, decays: Bool) {
        precondition(value.count == gradient.count, "gradient shape differs from \(value.shape)")
        self.value = value
        self.gradient = gradient
        self.decays = decays
    }
}

/// AdamW hyperparameters.
public struct AdamWConfig: Sendable, Codable, Equatable {
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    public var weightDecay: Float = 0.01
    public init() {}
}

/// AdamW state: first and second moments for each parameter, and the step count.
public final class AdamW: @unchecked Sendable {
    public let config: AdamWConfig
    public let parameters: [TrainableParameter]
    /// First moments, one per parameter.
    public let firstMoments: [Tensor]
    /// Second moments, one per parameter.
    public let secondMoments: [Tensor]
    /// Number of updates taken so far.
    public private(set) var step = 0

    public init(parameters: [TrainableParameter], config: AdamWConfig = AdamWConfig()) {
        self.config = config
        self.parameters = parameters
        self.firstMoments = parameters.map { Tensor(shape: $0.value.shape) }
        self.secondMoments = parameters.map { Tensor(shape: $0.value.shape) }
    }

    /// Restores the step count (moments are restored by copying into the tensors).
    public func restore(step: Int) { self.step = step }

    /// One update with learning rate `learningRate` from the current gradients.
    public func update(learningRate: Float) {
        step += 1
        let b1 = config.beta1, b2 = config.beta2, eps = config.epsilon
        let correction1 = 1 - powf(b1, Float(step)), correction2 = 1 - powf(b2, Float(step))
        for (index, parameter) in parameters.enumerated() {
            let w = parameter.value.pointer, g = parameter.gradient.pointer
            let m = firstMoments[index].pointer, v = secondMoments[index].pointer
            let decay = parameter.decays ? config.weightDecay : 0
            let count = parameter.value.count
            let width = parameter.value.shape.count == 2 ? max(parameter.value.shape[1], 1) : max(count, 1)
            for start in stride(from: 0, to: count, by: width) {
                let end = min(start + width, count)
                // A row without decay whose gradient and moments are all 0 would not move (its
                // update is exactly 0): skipped. These are the embedding rows of words never
                // seen in training (most of a 400 000-word GloVe table).
                if decay == 0 && Self.isIdle(g, m, v, start..<end) { continue }
                for i in start..<end {
                    m[i] = b1 * m[i] + (1 - b1) * g[i]
                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                    let mHat = m[i] / correction1, vHat = v[i] / correction2
                    w[i] -= learningRate * (mHat / (vHat.squareRoot() + eps) + decay * w[i])
                }
            }
        }
    }

    /// Whether gradient and both moments are 0 over `range`.
    private static func isIdle(_ g: UnsafePointer<Float>, _ m: UnsafePointer<Float>, _ v: UnsafePointer<Float>,
                               _ range: Range<Int>) -> Bool {
        for i in range where g[i] != 0 || m[i] != 0 || v[i] != 0 { return false }
        return true
    }

    /// Sets every gradient to zero.
    public func zeroGradients() { for parameter in parameters { parameter.gradient.zero() } }
}

/// Scales all gradients so their global L2 norm is at most `maxNorm`; returns the norm
/// before clipping.
@discardableResult
public func clipGradientNorm(_ parameters: [TrainableParameter], maxNorm: Float) -> Float {
    var sumOfSquares = 0.0
    for parameter in parameters {
        let g = parameter.gradient.pointer
        for i in 0..<parameter.gradient.count { sumOfSquares += Double(g[i]) * Double(g[i]) }
    }
    let norm = Float(sumOfSquares.squareRoot())
    if norm > maxNorm, norm > 0 {
        let factor = maxNorm / norm
        for parameter in parameters {
            let g = parameter.gradient.pointer
            for i in 0..<parameter.gradient.count { g[i] *= factor }
        }
    }
    return norm
}
