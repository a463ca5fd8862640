// Test helpers: random inputs, finite differences in Double, and error measures.
// Each backward test checks the Float kernel against central differences of the
// kernel's Double naive twin for the scalar loss L = Σ out · probe.
import Kernels

/// Seeded random values, N(0, std²).
func randomValues(_ count: Int, seed: UInt64, std: Float = 1) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in generator.nextNormal() * std }
}

/// Central finite differences of `loss` at `x`, in Double.
func numericalGradient(_ x: [Double], step: Double = 1e-6, _ loss: ([Double]) -> Double) -> [Double] {
    var x = x
    var gradient = [Double](repeating: 0, count: x.count)
    for i in x.indices {
        let saved = x[i]
        x[i] = saved + step
        let plus = loss(x)
        x[i] = saved - step
        let minus = loss(x)
        x[i] = saved
        gradient[i] = (plus - minus) / (2 * step)
    }
    return gradient
}

/// Σ a · b.
func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

/// max |a − b| / max(1, max |b|): a relative error that is stable near zero.
func relativeError(_ a: [Float], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "\(a.count) vs \(b.count) values")
    let scale = max(1, b.map(abs).max() ?? 0)
    return zip(a, b).map { abs(Double($0) - $1) }.max().map { $0 / scale } ?? 0
}

extension Array where Element == Float {
    var doubles: [Double] { map(Double.init) }
}

/// Tensor from Float values with a shape.
func tensor(_ values: [Float], _ shape: [Int]) -> Tensor { Tensor(shape: shape, values: values) }
