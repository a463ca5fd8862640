// Attention with an additive key bias and a key mask: forward against the naive twin,
// backward (q, k, v and the key bias, which trains the importance scores) against
// finite differences.
import Testing
@testable import Kernels
import KernelsTestSupport

@Suite struct AttentionTests {
    let Tq = 3, Tk = 5, D = 8, NH = 2
    let mask = [true, true, false, true, true]

    struct Inputs { let q, k, v, bias: [Float] }

    func inputs(seed: UInt64) -> Inputs {
        Inputs(q: randomValues(Tq * D, seed: seed), k: randomValues(Tk * D, seed: seed + 1),
               v: randomValues(Tk * D, seed: seed + 2), bias: randomValues(Tk, seed: seed + 3))
    }

    func naive(_ q: [Double], _ k: [Double], _ v: [Double], _ bias: [Double]) -> [Double] {
        NaiveKernels.attention(q: q, k: k, v: v, keyBias: bias, keyMask: mask, Tq: Tq, Tk: Tk, D: D, NH: NH)
    }

    @Test func forwardMatchesNaiveTwin() {
        let x = inputs(seed: 10)
        let out = Tensor(shape: [Tq, D]), probs = Tensor(shape: [NH, Tq, Tk])
        mask.withUnsafeBufferPointer { m in
            let qT = tensor(x.q, [Tq, D])
            let kT = tensor(x.k, [Tk, D])
            let vT = tensor(x.v, [Tk, D])
            let biasT = tensor(x.bias, [Tk])
            attentionForward(out: out.pointer, probs: probs.pointer, q: qT.pointer,
                             k: kT.pointer, v: vT.pointer,
                             keyBias: biasT.pointer, keyMask: m.baseAddress, Tq: Tq, Tk: Tk, D: D, NH: NH)
        }
        #expect(relativeError(out.values, naive(x.q.doubles, x.k.doubles, x.v.doubles, x.bias.doubles)) < 1e-5)
        // Hidden key gets no weight; each row sums to 1.
        for row in 0..<(NH * Tq) {
            #expect(probs[row * Tk + 2] == 0)
            let sum = (0..<Tk).map { probs[row * Tk + $0] }.reduce(0, +)
            #expect(abs(sum - 1) < 1e-5)
        }
    }

    @Test func backwardMatchesFiniteDifferences() {
        let x = inputs(seed: 20)
        let probe = randomValues(Tq * D, seed: 30).doubles
        let qT = tensor(x.q, [Tq, D]), kT = tensor(x.k, [Tk, D]), vT = tensor(x.v, [Tk, D]), bT = tensor(x.bias, [Tk])
        let out = Tensor(shape: [Tq, D]), probs = Tensor(shape: [NH, Tq, Tk]), scratch = Tensor(shape: [NH, Tq, Tk])
        let dq = Tensor(shape: [Tq, D]), dk = Tensor(shape: [Tk, D]), dv = Tensor(shape: [Tk, D]), dBias = Tensor(shape: [Tk])
        mask.withUnsafeBufferPointer { m in
            attentionForward(out: out.pointer, probs: probs.pointer, q: qT.pointer, k: kT.pointer, v: vT.pointer,
                             keyBias: bT.pointer, keyMask: m.baseAddress, Tq: Tq, Tk: Tk, D: D, NH: NH)
        }
        let probeT = tensor(probe.map(Float.init), [Tq, D])
        attentionBackward(dq: dq.pointer, dk: dk.pointer, dv: dv.pointer, dKeyBias: dBias.pointer,
                          dLogits: scratch.pointer, dOut: probeT.pointer,
                          probs: probs.pointer, q: qT.pointer, k: kT.pointer, v: vT.pointer, Tq: Tq, Tk: Tk, D: D, NH: NH)
        let q = x.q.doubles, k = x.k.doubles, v = x.v.doubles, b = x.bias.doubles
        #expect(relativeError(dq.values, numericalGradient(q) { dot(naive($0, k, v, b), probe) }) < 1e-4, "dq")
        #expect(relativeError(dk.values, numericalGradient(k) { dot(naive(q, $0, v, b), probe) }) < 1e-4, "dk")
        #expect(relativeError(dv.values, numericalGradient(v) { dot(naive(q, k, $0, b), probe) }) < 1e-4, "dv")
        #expect(relativeError(dBias.values, numericalGradient(b) { dot(naive(q, k, v, $0), probe) }) < 1e-4, "dKeyBias")
        #expect(dBias[2] == 0, "a hidden key's bias gets no gradient")
    }

    @Test func forwardMatchesNaiveTwinAtModelShapes() {
        let Tq = 32, Tk = 49, D = 64, NH = 4
        let q = randomValues(Tq * D, seed: 1, std: 2), k = randomValues(Tk * D, seed: 2, std: 2)
        let v = randomValues(Tk * D, seed: 3), bias = randomValues(Tk, seed: 4)
        let qT = tensor(q, [Tq, D]), kT = tensor(k, [Tk, D]), vT = tensor(v, [Tk, D]), bT = tensor(bias, [Tk])
        let out = Tensor(shape: [Tq, D]), probs = Tensor(shape: [NH, Tq, Tk])
        attentionForward(out: out.pointer, probs: probs.pointer, q: qT.pointer, k: kT.pointer, v: vT.pointer,
                         keyBias: bT.pointer, keyMask: nil, Tq: Tq, Tk: Tk, D: D, NH: NH)
        let naive = NaiveKernels.attention(q: q.doubles, k: k.doubles, v: v.doubles, keyBias: bias.doubles,
                                           keyMask: nil, Tq: Tq, Tk: Tk, D: D, NH: NH)
        #expect(relativeError(out.values, naive) < 1e-4)
    }

    @Test func logitBiasGradientIsDLogits() {
        let x = inputs(seed: 50)
        let logitBias = randomValues(NH * Tq * Tk, seed: 60), probe = randomValues(Tq * D, seed: 70).doubles
        let qT = tensor(x.q, [Tq, D]), kT = tensor(x.k, [Tk, D]), vT = tensor(x.v, [Tk, D])
        let lbT = tensor(logitBias, [NH, Tq, Tk])
        let out = Tensor(shape: [Tq, D]), probs = Tensor(shape: [NH, Tq, Tk]), dLogits = Tensor(shape: [NH, Tq, Tk])
        let dq = Tensor(shape: [Tq, D]), probeT = tensor(probe.map(Float.init), [Tq, D])
        attentionForward(out: out.pointer, probs: probs.pointer, q: qT.pointer, k: kT.pointer, v: vT.pointer,
                         logitBias: lbT.pointer, keyBias: nil, keyMask: nil, Tq: Tq, Tk: Tk, D: D, NH: NH)
        let naive = { (bias: [Double]) in
            NaiveKernels.attention(q: x.q.doubles, k: x.k.doubles, v: x.v.doubles, logitBias: bias, keyBias: nil,
                                   keyMask: nil, Tq: self.Tq, Tk: self.Tk, D: self.D, NH: self.NH)
        }
        #expect(relativeError(out.values, naive(logitBias.doubles)) < 1e-5)
        attentionBackward(dq: dq.pointer, dk: nil, dv: nil, dKeyBias: nil, dLogits: dLogits.pointer,
                          dOut: probeT.pointer, probs: probs.pointer, q: qT.pointer, k: kT.pointer, v: vT.pointer,
                          Tq: Tq, Tk: Tk, D: D, NH: NH)
        let numerical = numericalGradient(logitBias.doubles) { dot(naive($0), probe) }
        #expect(relativeError(dLogits.values, numerical) < 1e-4)
    }

    @Test func allKeysHiddenGivesZeroOutput() {
        let x = inputs(seed: 40)
        let hidden = [Bool](repeating: false, count: Tk)
        let out = Tensor(shape: [Tq, D]), probs = Tensor(shape: [NH, Tq, Tk])
        hidden.withUnsafeBufferPointer { m in
            let qT = tensor(x.q, [Tq, D])
            let kT = tensor(x.k, [Tk, D])
            let vT = tensor(x.v, [Tk, D])
            attentionForward(out: out.pointer, probs: probs.pointer, q: qT.pointer,
                             k: kT.pointer, v: vT.pointer,
                             keyBias: nil, keyMask: m.baseAddress, Tq: Tq, Tk: Tk, D: D, NH: NH)
        }
        #expect(out.values.allSatisfy { $0 == 0 })
    }

    @Test func receivedAttentionAveragesHeads() {
        let probs = tensor([0.5, 0.5, 1, 0, /* head 2 */ 0, 1, 0.25, 0.75], [2, 2, 2])
        let received = Tensor(shape: [2])
        attentionReceived(received: received.pointer, probs: probs.pointer, Tq: 2, Tk: 2, NH: 2)
        #expect(received.values == [0.875, 1.125])
    }
}
