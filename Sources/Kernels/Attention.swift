// Multi-head attention of Tq queries over Tk keys, with an additive per-key bias
// (memtx adds each memory word's importance score here), an optional additive bias per
// head, query and key (memtx's relative-position bias) and a key mask. Bidirectional:
// no causal mask. Every product is a GEMM per head over strided head slices.
// Deliberately left out: dropout, fused QKV (the caller projects q, k, v).
import Foundation

/// out (Tq, D) = concat_h softmax(q_h k_hᵀ / √dh + logitBias_h + keyBias, masked) · v_h,
/// dh = D / NH. Saves probs (NH, Tq, Tk) for the backward. logitBias (NH, Tq, Tk) and
/// keyBias (Tk) may be nil (all zero);
/// keyMask (Tk) may be nil (all visible), otherwise false hides a key. A query row whose
/// keys are all hidden gets zero probabilities and a zero output.
public func attentionForward(
    out: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>,
    q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
    logitBias: UnsafePointer<Float>? = nil, keyBias: UnsafePointer<Float>?, keyMask: UnsafePointer<Bool>?,
    Tq: Int, Tk: Int, D: Int, NH: Int
) {
    let dh = D / NH
    let scale = 1 / Float(dh).squareRoot()
    for h in 0..<NH {
        let p = probs + h * Tq * Tk
        // logits (Tq, Tk) = scale · q_h (Tq, dh) · k_hᵀ (dh, Tk) [+ logitBias_h]
        if let logitBias { p.update(from: logitBias + h * Tq * Tk, count: Tq * Tk) }
        gemm(
            transA: false, transB: true, m: Tq, n: Tk, k: dh, alpha: scale,
            a: q + h * dh, lda: D, b: k + h * dh, ldb: D, beta: logitBias == nil ? 0 : 1, c: p, ldc: Tk)
        for i in 0..<Tq { softmaxRow(p + i * Tk, keyBias: keyBias, keyMask: keyMask, Tk: Tk) }
        // out_h (Tq, dh) = p (Tq, Tk) · v_h (Tk, dh)
        gemm(
            transA: false, transB: false, m: Tq, n: dh, k: Tk,
            a: p, lda: Tk, b: v + h * dh, ldb: D, c: out + h * dh, ldc: D)
    }
}

/// In place: row = softmax(row + keyBias) over visible keys; hidden keys get 0.
@inline(__always)
private func softmaxRow(
    _ row: UnsafeMutablePointer<Float>, keyBias: UnsafePointer<Float>?,
    keyMask: UnsafePointer<Bool>?, Tk: Int
) {
    var maximum = -Float.infinity
    for j in 0..<Tk {
        if let keyMask, !keyMask[j] { continue }
        if let keyBias { row[j] += keyBias[j] }
        maximum = max(maximum, row[j])
    }
    guard maximum > -Float.infinity else {
        row.update(repeating: 0, count: Tk)
        return
    }
    var sum: Float = 0
    for j in 0..<Tk {
        if let keyMask, !keyMask[j] { row[j] = 0; continue }
        let e = expf(row[j] - maximum)
        row[j] = e
        sum += e
    }
    let inverse = 1 / sum
    for j in 0..<Tk { row[j] *= inverse }
}

/// Accumulates dq (Tq, D), dk (Tk, D), dv (Tk, D) and dKeyBias (Tk) from dOut (Tq, D).
/// dLogits (NH, Tq, Tk) is overwritten with ∂L/∂logits, which is also the gradient of
/// the forward's logitBias. dk, dv, dKeyBias may be nil when not needed.
public func attentionBackward(
    dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>?,
    dv: UnsafeMutablePointer<Float>?, dKeyBias: UnsafeMutablePointer<Float>?,
    dLogits: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>,
    probs: UnsafePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
    v: UnsafePointer<Float>, Tq: Int, Tk: Int, D: Int, NH: Int
) {
    let dh = D / NH
    let scale = 1 / Float(dh).squareRoot()
    for h in 0..<NH {
        let p = probs + h * Tq * Tk, dl = dLogits + h * Tq * Tk
        // dP (Tq, Tk) = dOut_h (Tq, dh) · v_hᵀ (dh, Tk)
        gemm(
            transA: false, transB: true, m: Tq, n: Tk, k: dh,
            a: dOut + h * dh, lda: D, b: v + h * dh, ldb: D, c: dl, ldc: Tk)
        // dv_h (Tk, dh) += pᵀ (Tk, Tq) · dOut_h (Tq, dh)
        if let dv {
            gemm(
                transA: true, transB: false, m: Tk, n: dh, k: Tq,
                a: p, lda: Tk, b: dOut + h * dh, ldb: D, beta: 1, c: dv + h * dh, ldc: D)
        }
        // softmax backward: dLogit = p ⊙ (dP − Σ_j p·dP)
        for i in 0..<Tq {
            let pr = p + i * Tk, dr = dl + i * Tk
            var dot: Float = 0
            for j in 0..<Tk { dot += pr[j] * dr[j] }
            for j in 0..<Tk { dr[j] = pr[j] * (dr[j] - dot) }
            if let dKeyBias { for j in 0..<Tk { dKeyBias[j] += dr[j] } }
        }
        // dq_h (Tq, dh) += scale · dLogit (Tq, Tk) · k_h (Tk, dh)
        gemm(
            transA: false, transB: false, m: Tq, n: dh, k: Tk, alpha: scale,
            a: dl, lda: Tk, b: k + h * dh, ldb: D, beta: 1, c: dq + h * dh, ldc: D)
        // dk_h (Tk, dh) += scale · dLogitᵀ (Tk, Tq) · q_h (Tq, dh)
        if let dk {
            gemm(
                transA: true, transB: false, m: Tk, n: dh, k: Tq, alpha: scale,
                a: dl, lda: Tk, b: q + h * dh, ldb: D, beta: 1, c: dk + h * dh, ldc: D)
        }
    }
}

/// received (Tk) = Σ_h Σ_i probs[h, i, j] / NH: the attention mass each key received,
/// averaged over heads (the H2O / TOVA heuristic's statistic).
public func attentionReceived(
    received: UnsafeMutablePointer<Float>, probs: UnsafePointer<Float>, Tq: Int, Tk: Int, NH: Int
) {
    received.update(repeating: 0, count: Tk)
    for h in 0..<NH {
        for i in 0..<Tq {
            let row = probs + (h * Tq + i) * Tk
            for j in 0..<Tk { received[j] += row[j] }
        }
    }
    let inverse = 1 / Float(NH)
    for j in 0..<Tk { received[j] *= inverse }
}
