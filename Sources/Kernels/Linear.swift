// Linear layer: out = inp · Wᵀ + bias, as one GEMM. Weight is (OC, C) like PyTorch.
// Backward adds into gradient buffers (callers zero them once per step).

/// out (T, OC) = inp (T, C) · weightᵀ (C, OC) + bias (OC).
public func linearForward(
    out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
    weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, T: Int, C: Int, OC: Int
) {
    if let bias {
        for t in 0..<T { (out + t * OC).update(from: bias, count: OC) }
    }
    gemm(
        transA: false, transB: true, m: T, n: OC, k: C, a: inp, lda: C, b: weight, ldb: C,
        beta: bias == nil ? 0 : 1, c: out, ldc: OC)
}

/// Accumulates dInp (T, C) += dOut · W, dWeight (OC, C) += dOutᵀ · inp, dBias (OC) += Σ_t dOut.
/// `dInp` may be nil when the input needs no gradient.
public func linearBackward(
    dInp: UnsafeMutablePointer<Float>?, dWeight: UnsafeMutablePointer<Float>,
    dBias: UnsafeMutablePointer<Float>?, dOut: UnsafePointer<Float>,
    inp: UnsafePointer<Float>, weight: UnsafePointer<Float>, T: Int, C: Int, OC: Int
) {
    if let dInp {
        gemm(
            transA: false, transB: false, m: T, n: C, k: OC, a: dOut, lda: OC, b: weight, ldb: C,
            beta: 1, c: dInp, ldc: C)
    }
    gemm(
        transA: true, transB: false, m: OC, n: C, k: T, a: dOut, lda: OC, b: inp, ldb: C,
        beta: 1, c: dWeight, ldc: C)
    if let dBias {
        for t in 0..<T {
            let row = dOut + t * OC
            for o in 0..<OC { dBias[o] += row[o] }
        }
    }
}
