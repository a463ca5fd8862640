// Layer norm: forward against the naive twin, backward against finite differences.
import Testing
@testable import Kernels
import KernelsTestSupport

@Suite struct LayerNormTests {
    let T = 3, C = 6

    @Test func forwardMatchesNaiveTwin() {
        let x = randomValues(T * C, seed: 1, std: 2), w = randomValues(C, seed: 2), b = randomValues(C, seed: 3)
        let out = Tensor(shape: [T, C])
        let xT = tensor(x, [T, C])
        let wT = tensor(w, [C])
        let bT = tensor(b, [C])
        layerNormForward(out: out.pointer, mean: nil, rstd: nil, inp: xT.pointer,
                         weight: wT.pointer, bias: bT.pointer, T: T, C: C)
        #expect(relativeError(out.values, NaiveKernels.layerNorm(x.doubles, weight: w.doubles, bias: b.doubles, T: T, C: C)) < 1e-5)
    }

    @Test func backwardMatchesFiniteDifferences() {
        let x = randomValues(T * C, seed: 4, std: 2), w = randomValues(C, seed: 5), b = randomValues(C, seed: 6)
        let probe = randomValues(T * C, seed: 7).doubles
        let xT = tensor(x, [T, C]), wT = tensor(w, [C]), bT = tensor(b, [C])
        let out = Tensor(shape: [T, C]), mean = Tensor(shape: [T]), rstd = Tensor(shape: [T])
        layerNormForward(out: out.pointer, mean: mean.pointer, rstd: rstd.pointer, inp: xT.pointer,
                         weight: wT.pointer, bias: bT.pointer, T: T, C: C)
        let dX = Tensor(shape: [T, C]), dW = Tensor(shape: [C]), dB = Tensor(shape: [C])
        let probeT = tensor(probe.map(Float.init), [T, C])
        layerNormBackward(dInp: dX.pointer, dWeight: dW.pointer, dBias: dB.pointer,
                          dOut: probeT.pointer, inp: xT.pointer,
                          weight: wT.pointer, mean: mean.pointer, rstd: rstd.pointer, T: T, C: C)
        let numX = numericalGradient(x.doubles) { dot(NaiveKernels.layerNorm($0, weight: w.doubles, bias: b.doubles, T: T, C: C), probe) }
        let numW = numericalGradient(w.doubles) { dot(NaiveKernels.layerNorm(x.doubles, weight: $0, bias: b.doubles, T: T, C: C), probe) }
        let numB = numericalGradient(b.doubles) { dot(NaiveKernels.layerNorm(x.doubles, weight: w.doubles, bias: $0, T: T, C: C), probe) }
        #expect(relativeError(dX.values, numX) < 1e-4, "dInp")
        #expect(relativeError(dW.values, numW) < 1e-4, "dWeight")
        #expect(relativeError(dB.values, numB) < 1e-4, "dBias")
    }
}
