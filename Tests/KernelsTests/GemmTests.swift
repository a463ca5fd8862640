// GEMM through CBLAS against its loop twin, for every transpose combination and with
// leading dimensions wider than the matrices (the strided head slices of attention).
import Testing
@testable import Kernels
import KernelsTestSupport

@Suite struct GemmTests {
    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func matchesNaiveTwin(transA: Bool, transB: Bool) {
        let m = 7, n = 5, k = 9, pad = 3
        var generator = SeededGenerator(seed: 1)
        let lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad
        let a = Tensor(shape: [transA ? k : m, lda]), b = Tensor(shape: [transB ? n : k, ldb])
        generator.fillNormal(a, std: 1)
        generator.fillNormal(b, std: 1)
        let fast = Tensor(shape: [m, ldc]), naive = Tensor(shape: [m, ldc])
        generator.fillNormal(fast, std: 1)
        naive.copy(from: fast)
        gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a.pointer, lda: lda,
             b: b.pointer, ldb: ldb, beta: 2, c: fast.pointer, ldc: ldc)
        gemmNaive(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a.pointer, lda: lda,
                  b: b.pointer, ldb: ldb, beta: 2, c: naive.pointer, ldc: ldc)
        let maxDifference = zip(fast.values, naive.values).map { abs($0 - $1) }.max()!
        #expect(maxDifference < 1e-4, "max |gemm − naive| = \(maxDifference)")
    }

    @Test func zeroInnerDimensionHonoursBeta() {
        let c = Tensor(shape: [2, 2], values: [1, 2, 3, 4])
        let empty = Tensor(shape: [0])
        gemm(transA: false, transB: false, m: 2, n: 2, k: 0, a: empty.pointer, lda: 1,
             b: empty.pointer, ldb: 2, beta: 0.5, c: c.pointer, ldc: 2)
        #expect(c.values == [0.5, 1, 1.5, 2])
    }
}
