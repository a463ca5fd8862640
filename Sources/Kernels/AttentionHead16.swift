// Fused attention for one head of width 16 (CKernels/attention16.c, AVX2+FMA): logits, the
// relative and memory biases, softmax and the weighted sum of values in one call, instead of
// two small sgemm calls and a softmax. Callable only when `usesAVX2Kernels`; the caller keeps
// the sgemm path otherwise and for other head widths. Left out: masking, backward.
import CKernels

/// Floats of workspace `attentionHead16` needs for Tk keys: (16 + 4) · Tk rounded up to 16.
public func attentionHead16WorkspaceCount(keys Tk: Int) -> Int { 20 * ((Tk + 15) & ~15) }

/// out (T, 16) = softmax(scale · q kᵀ + bias) v for one head, where bias is `relative` (row i
/// at i · ldr) on the first `relativeColumns` keys (default T: the chunk keys; T + Mk to give
/// memory keys a per-query bias too) plus `memoryBias` (Mk) on the Mk keys after the first T,
/// 0 on the rest.
/// q (T, 16) rows of stride ldq; k, v (Tk, 16) rows of stride ldkv; out rows of stride ldo;
/// `work` holds attentionHead16WorkspaceCount(keys: Tk) floats. Requires `usesAVX2Kernels`.
public func attentionHead16(
    q: UnsafePointer<Float>, ldq: Int, k: UnsafePointer<Float>, v: UnsafePointer<Float>, ldkv: Int,
    T: Int, Tk: Int, scale: Float, relative: UnsafePointer<Float>, ldr: Int, relativeColumns: Int? = nil,
    memoryBias: UnsafePointer<Float>, Mk: Int, out: UnsafeMutablePointer<Float>, ldo: Int,
    work: UnsafeMutablePointer<Float>
) {
    let columns = relativeColumns ?? T
    precondition(usesAVX2Kernels && T > 0 && Tk >= T + Mk && (T...(T + Mk)).contains(columns) && ldr >= columns,
                 "attentionHead16 needs AVX2+FMA, Tk ≥ T + Mk and T ≤ relativeColumns ≤ min(T + Mk, ldr)")
    memtx_attention_head16_avx2(q, ldq, k, v, ldkv, T, Tk, scale, relative, ldr, columns, memoryBias, Mk, out, ldo, work)
}
