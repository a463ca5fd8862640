// GELU and the residual add: forward against naive twins, backward against finite differences.
import Testing
@testable import Kernels
import KernelsTestSupport

@Suite struct ElementwiseTests {
    @Test func geluForwardAndBackward() {
        let N = 12
        let x = randomValues(N, seed: 1, std: 2), probe = randomValues(N, seed: 2).doubles
        let xT = tensor(x, [N]), out = Tensor(shape: [N]), dX = Tensor(shape: [N])
        geluForward(out: out.pointer, inp: xT.pointer, N: N)
        #expect(relativeError(out.values, NaiveKernels.gelu(x.doubles)) < 1e-5)
        let probeT = tensor(probe.map(Float.init), [N])
        geluBackward(dInp: dX.pointer, inp: xT.pointer, dOut: probeT.pointer, N: N)
        let numerical = numericalGradient(x.doubles) { dot(NaiveKernels.gelu($0), probe) }
        #expect(relativeError(dX.values, numerical) < 1e-4)
    }

    @Test func residualForwardAndBackward() {
        let N = 8
        let a = randomValues(N, seed: 3), b = randomValues(N, seed: 4), probe = randomValues(N, seed: 5).doubles
        let out = Tensor(shape: [N])
        let aT = tensor(a, [N])
        let bT = tensor(b, [N])
        residualForward(out: out.pointer, a: aT.pointer, b: bT.pointer, N: N)
        #expect(relativeError(out.values, zip(a, b).map { Double($0) + Double($1) }) < 1e-6)
        let dA = Tensor(shape: [N]), dB = Tensor(shape: [N])
        let probeT = tensor(probe.map(Float.init), [N])
        residualBackward(dA: dA.pointer, dB: dB.pointer, dOut: probeT.pointer, N: N)
        let numA = numericalGradient(a.doubles) { dot(zip($0, b.doubles).map { $0 + $1 }, probe) }
        let numB = numericalGradient(b.doubles) { dot(zip(a.doubles, $0).map { $0 + $1 }, probe) }
        #expect(relativeError(dA.values, numA) < 1e-5)
        #expect(relativeError(dB.values, numB) < 1e-5)
    }
}
