// The vectorised inference kernels (VectorMath.swift, and the dispatched AVX2+FMA twins of
// VectorMath+AVX2.swift) against their naive twins: exp
// against Foundation's exp, softmax, GELU and LayerNorm against NaiveKernels in Double,
// at lengths that exercise the 8-lane body and the scalar tail.
import Foundation
import Testing
@testable import Kernels
import KernelsTestSupport

@Suite struct VectorMathTests {
    @Test func expWithinTwoULPOfLibm() {
        var worst: Float = 0
        for i in 0...40_000 {
            let x = -87 + Float(i) * (175.3 / 40_000)
            let expected = Foundation.exp(Double(x))
            let got = vectorExp(x)
            worst = max(worst, Float(abs(Double(got) - expected) / expected))
        }
        #expect(worst < 3e-7, "largest relative error \(worst)")
        #expect(vectorExp(Float(-1000)) < 1e-37)
        #expect(vectorExp(Float(0)) == 1)
    }

    @Test func expLanesAgreeWithScalar() {
        let x = Float8(-3.5, -1, -0.25, 0, 0.5, 2, 10, -60)
        let lanes = vectorExp(x)
        for i in 0..<8 { #expect(lanes[i] == vectorExp(x[i])) }
    }

    /// `fast`: through the dispatched kernels (VectorMath+AVX2.swift), else the Swift ones.
    @Test(arguments: [false, true], [1, 7, 8, 13, 97])
    func softmaxMatchesNaive(fast: Bool, n: Int) {
        let rows = 3
        let x = randomValues(rows * n, seed: UInt64(n), std: 4), p = tensor(x, [rows, n])
        if fast { softmaxRowsFast(p.pointer, rows: rows, n: n) } else { softmaxRowsVectorised(p.pointer, rows: rows, n: n) }
        var expected: [Double] = []
        for r in 0..<rows {
            let row = x[(r * n)..<((r + 1) * n)].map(Double.init)
            let exps = row.map { Foundation.exp($0 - row.max()!) }
            expected += exps.map { $0 / exps.reduce(0, +) }
        }
        #expect(relativeError(p.values, expected) < 1e-6)
    }

    @Test(arguments: [false, true], [5, 8, 67])
    func geluMatchesNaive(fast: Bool, n: Int) {
        let x = randomValues(n, seed: 7, std: 3) + [-12, 12, 0]
        let out = Tensor(shape: [x.count]), input = tensor(x, [x.count])
        if fast { geluForwardFast(out: out.pointer, inp: input.pointer, N: x.count) } else {
            geluForwardVectorised(out: out.pointer, inp: input.pointer, N: x.count)
        }
        #expect(relativeError(out.values, NaiveKernels.gelu(x.doubles)) < 1e-6)
    }

    @Test(arguments: [false, true], [8, 64, 12])
    func layerNormMatchesNaive(fast: Bool, C: Int) {
        let T = 5
        let x = randomValues(T * C, seed: 11, std: 2).map { $0 + 3 }, w = randomValues(C, seed: 12), b = randomValues(C, seed: 13)
        let out = Tensor(shape: [T, C]), input = tensor(x, [T, C]), weight = tensor(w, [C]), bias = tensor(b, [C])
        if fast {
            layerNormForwardFast(out: out.pointer, inp: input.pointer, weight: weight.pointer, bias: bias.pointer, T: T, C: C)
        } else {
            layerNormForwardVectorised(out: out.pointer, inp: input.pointer, weight: weight.pointer, bias: bias.pointer, T: T, C: C)
        }
        let expected = NaiveKernels.layerNorm(x.doubles, weight: w.doubles, bias: b.doubles, T: T, C: C)
        #expect(relativeError(out.values, expected) < 1e-5)
    }

    @Test func addMatchesScalar() {
        let a = randomValues(19, seed: 21), b = randomValues(19, seed: 22)
        let out = tensor(a, [19]), other = tensor(b, [19])
        addVectorised(out.pointer, other.pointer, N: 19)
        #expect(out.values == zip(a, b).map { $0 + $1 })
    }
}
