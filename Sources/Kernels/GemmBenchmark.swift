// Measures sgemm throughput (GFLOP/s) for given shapes and thread counts: the machine's
// own limit, which later benchmarks divide by. Pure compute: the caller prints.
import Foundation

/// One measured GEMM shape: C (m×n) = A (m×k) · B (k×n).
public struct GemmMeasurement: Sendable, Codable {
    public let m: Int, n: Int, k: Int
    public let threads: Int
    /// Achieved GFLOP/s (2·m·n·k flops per call), best of the repetitions.
    public let gflops: Double
    /// Seconds per call at that best rate.
    public let secondsPerCall: Double
}

/// Times `gemm` on random matrices of the given shape, `repetitions` rounds of at least
/// `minimumSeconds` each, and returns the best round's rate.
public func measureGemm(
    m: Int, n: Int, k: Int, threads: Int, minimumSeconds: Double = 0.2, repetitions: Int = 3
) -> GemmMeasurement {
    let previousThreads = BLASThreads.current
    BLASThreads.set(threads)
    defer { BLASThreads.set(previousThreads) }
    var generator = SeededGenerator(seed: 7)
    let a = Tensor(shape: [m, k]), b = Tensor(shape: [k, n]), c = Tensor(shape: [m, n])
    generator.fillNormal(a, std: 1)
    generator.fillNormal(b, std: 1)
    let flopsPerCall = 2.0 * Double(m) * Double(n) * Double(k)
    // Warm up (thread pool start, caches).
    gemm(transA: false, transB: false, m: m, n: n, k: k, a: a.pointer, lda: k, b: b.pointer, ldb: n, c: c.pointer, ldc: n)
    var bestSeconds = Double.infinity
    for _ in 0..<repetitions {
        var calls = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            gemm(transA: false, transB: false, m: m, n: n, k: k, a: a.pointer, lda: k, b: b.pointer, ldb: n, c: c.pointer, ldc: n)
            calls += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < minimumSeconds
        bestSeconds = min(bestSeconds, elapsed / Double(calls))
    }
    return GemmMeasurement(
        m: m, n: n, k: k, threads: threads, gflops: flopsPerCall / bestSeconds / 1e9,
        secondsPerCall: bestSeconds)
}
