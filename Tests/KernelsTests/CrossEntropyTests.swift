// Softmax cross-entropy with ignored positions: loss against the naive twin, gradient
// against finite differences; ignored positions contribute nothing.
import Testing
@testable import Kernels
import KernelsTestSupport

@Suite struct CrossEntropyTests {
    @Test func lossAndGradient() {
        let T = 4, K = 3
        let targets: [Int32] = [2, -1, 0, 1]
        let logits = randomValues(T * K, seed: 1, std: 2)
        let probs = Tensor(shape: [T, K]), dLogits = Tensor(shape: [T, K])
        let logitsT = tensor(logits, [T, K])
        let (lossSum, count) = targets.withUnsafeBufferPointer { tp in
            crossEntropyForward(probs: probs.pointer, logits: logitsT.pointer,
                                targets: tp.baseAddress!, T: T, K: K)
        }
        #expect(count == 3)
        let naive = NaiveKernels.crossEntropy(logits: logits.doubles, targets: targets, T: T, K: K)
        #expect(abs(lossSum / Double(count) - naive) < 1e-5)
        targets.withUnsafeBufferPointer { tp in
            crossEntropyBackward(dLogits: dLogits.pointer, probs: probs.pointer, targets: tp.baseAddress!,
                                 lossScale: 1 / Float(count), T: T, K: K)
        }
        let numerical = numericalGradient(logits.doubles) { NaiveKernels.crossEntropy(logits: $0, targets: targets, T: T, K: K) }
        #expect(relativeError(dLogits.values, numerical) < 1e-5)
        #expect((K..<(2 * K)).allSatisfy { dLogits[$0] == 0 }, "ignored position has zero gradient")
    }
}
