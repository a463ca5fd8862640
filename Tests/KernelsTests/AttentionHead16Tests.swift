// The fused head-width-16 attention (AttentionHead16.swift) against a naive twin in Double:
// logits, relative and memory biases (the relative table over the chunk keys only, or over
// the memory keys too), softmax, weighted sum; query counts that exercise the 4-query blocks
// and their tail, key counts that exercise the 16-key blocks' padding.
import Foundation
import Testing
@testable import Kernels

@Suite struct AttentionHead16Tests {
    @Test(.enabled(if: usesAVX2Kernels, "the fused kernel runs only with AVX2 and FMA (and without MEMTX_PORTABLE_KERNELS=1)"),
          arguments: [(1, 0), (5, 3), (64, 32), (63, 33)], [false, true])
    func matchesNaive(shape: (T: Int, Mk: Int), relativeOverMemory: Bool) {
        let (T, Mk) = shape
        let Tk = T + Mk + 1, ldq = 48, ldkv = 32, ldo = 24, C = 128, scale: Float = 0.25
        let columns = relativeOverMemory ? T + Mk : T
        let q = randomValues(T * ldq, seed: 1, std: 2), k = randomValues(Tk * ldkv, seed: 2, std: 2)
        let v = randomValues(Tk * ldkv, seed: 3), rel = randomValues(T * C, seed: 4), mem = randomValues(max(Mk, 1), seed: 5)
        let out = Tensor(shape: [T, ldo]), work = Tensor(shape: [attentionHead16WorkspaceCount(keys: Tk)])
        let qt = tensor(q, [T, ldq]), kt = tensor(k, [Tk, ldkv]), vt = tensor(v, [Tk, ldkv])
        let rt = tensor(rel, [T, C]), mt = tensor(mem, [mem.count])
        attentionHead16(q: qt.pointer, ldq: ldq, k: kt.pointer, v: vt.pointer, ldkv: ldkv, T: T, Tk: Tk, scale: scale,
                        relative: rt.pointer, ldr: C, relativeColumns: columns, memoryBias: mt.pointer, Mk: Mk, out: out.pointer, ldo: ldo, work: work.pointer)
        var got: [Float] = [], expected: [Double] = []
        for i in 0..<T {
            var logits = (0..<Tk).map { j in Double(scale) * (0..<16).reduce(0.0) { $0 + Double(q[i * ldq + $1]) * Double(k[j * ldkv + $1]) } }
            for j in 0..<columns { logits[j] += Double(rel[i * C + j]) }
            for j in 0..<Mk { logits[T + j] += Double(mem[j]) }
            let exps = logits.map { Foundation.exp($0 - logits.max()!) }, sum = exps.reduce(0, +)
            for c in 0..<16 {
                expected.append((0..<Tk).reduce(0.0) { $0 + exps[$1] / sum * Double(v[$1 * ldkv + c]) })
                got.append(out[i * ldo + c])
            }
        }
        #expect(relativeError(got, expected) < 1e-5)
    }
}
