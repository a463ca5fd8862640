// Linear layer: forward against the naive twin, backward against finite differences.
import Testing
@testable import Kernels
import KernelsTestSupport

@Suite struct LinearTests {
    let T = 4, C = 5, OC = 3

    @Test func forwardMatchesNaiveTwin() {
        let inp = randomValues(T * C, seed: 1), w = randomValues(OC * C, seed: 2), b = randomValues(OC, seed: 3)
        let out = Tensor(shape: [T, OC])
        let inpT = tensor(inp, [T, C])
        let wT = tensor(w, [OC, C])
        let bT = tensor(b, [OC])
        linearForward(out: out.pointer, inp: inpT.pointer, weight: wT.pointer,
                      bias: bT.pointer, T: T, C: C, OC: OC)
        let naive = NaiveKernels.linear(inp.doubles, weight: w.doubles, bias: b.doubles, T: T, C: C, OC: OC)
        #expect(relativeError(out.values, naive) < 1e-5)
    }

    @Test func backwardMatchesFiniteDifferences() {
        let inp = randomValues(T * C, seed: 4), w = randomValues(OC * C, seed: 5), b = randomValues(OC, seed: 6)
        let probe = randomValues(T * OC, seed: 7)
        let dInp = Tensor(shape: [T, C]), dW = Tensor(shape: [OC, C]), dB = Tensor(shape: [OC])
        let inpT = tensor(inp, [T, C]), wT = tensor(w, [OC, C])
        let probeT = tensor(probe, [T, OC])
        linearBackward(dInp: dInp.pointer, dWeight: dW.pointer, dBias: dB.pointer,
                       dOut: probeT.pointer, inp: inpT.pointer, weight: wT.pointer,
                       T: T, C: C, OC: OC)
        let p = probe.doubles
        let numInp = numericalGradient(inp.doubles) { dot(NaiveKernels.linear($0, weight: w.doubles, bias: b.doubles, T: T, C: C, OC: OC), p) }
        let numW = numericalGradient(w.doubles) { dot(NaiveKernels.linear(inp.doubles, weight: $0, bias: b.doubles, T: T, C: C, OC: OC), p) }
        let numB = numericalGradient(b.doubles) { dot(NaiveKernels.linear(inp.doubles, weight: w.doubles, bias: $0, T: T, C: C, OC: OC), p) }
        #expect(relativeError(dInp.values, numInp) < 1e-4, "dInp")
        #expect(relativeError(dW.values, numW) < 1e-4, "dWeight")
        #expect(relativeError(dB.values, numB) < 1e-4, "dBias")
    }
}
