// Softmax cross-entropy over label logits with ignored positions (target < 0).
// Forward and backward are fused: the gradient of the mean loss is written at once.
import Foundation

/// probs (T, K) = softmax(logits (T, K)); returns the summed loss over positions whose
/// target ≥ 0 and their count. Targets < 0 are ignored.
public func crossEntropyForward(
    probs: UnsafeMutablePointer<Float>, logits: UnsafePointer<Float>,
    targets: UnsafePointer<Int32>, T: Int, K: Int
) -> (lossSum: Double, count: Int) {
    var lossSum = 0.0, count = 0
    for t in 0..<T {
        let l = logits + t * K, p = probs + t * K
        var maximum = -Float.infinity
        for j in 0..<K { maximum = max(maximum, l[j]) }
        var sum: Float = 0
        for j in 0..<K { p[j] = expf(l[j] - maximum); sum += p[j] }
        for j in 0..<K { p[j] /= sum }
        let target = Int(targets[t])
        if target >= 0 {
            lossSum -= Double(logf(max(p[target], 1e-30)))
            count += 1
        }
    }
    return (lossSum, count)
}

/// Accumulates dLogits (T, K) += (probs − onehot(target)) · lossScale, zero for ignored
/// positions. With lossScale = 1 / count this is the gradient of the mean loss.
public func crossEntropyBackward(
    dLogits: UnsafeMutablePointer<Float>, probs: UnsafePointer<Float>,
    targets: UnsafePointer<Int32>, lossScale: Float, T: Int, K: Int
) {
    for t in 0..<T {
        let target = Int(targets[t])
        guard target >= 0 else { continue }
        let d = dLogits + t * K, p = probs + t * K
        for j in 0..<K { d[j] += (p[j] - (j == target ? 1 : 0)) * lossScale }
    }
}
