// Runtime dispatch of the inference kernels: on a CPU with AVX2 and FMA the C twins in
// CKernels (8 lanes per instruction, fused multiply-add) replace the portable Swift kernels
// of VectorMath.swift, which a baseline x86-64 build runs as two SSE halves without FMA.
// The check runs once per process; `MEMTX_PORTABLE_KERNELS=1` forces the Swift kernels
// (for comparison). Left out: kernels other than softmax, GELU and LayerNorm.
import CKernels
import Foundation

/// Whether the AVX2+FMA kernels run (the CPU supports them and the environment allows them).
public let usesAVX2Kernels: Bool =
    memtx_avx2_fma_available() != 0 && ProcessInfo.processInfo.environment["MEMTX_PORTABLE_KERNELS"] != "1"

/// In place, each of `rows` rows of length `n`: row = softmax(row), through AVX2 when available.
@inline(__always)
public func softmaxRowsFast(_ p: UnsafeMutablePointer<Float>, rows: Int, n: Int) {
    if usesAVX2Kernels { memtx_softmax_rows_avx2(p, rows, n) } else { softmaxRowsVectorised(p, rows: rows, n: n) }
}

/// out (N) = gelu(inp (N)), through AVX2 when available; `out` may alias `inp`.
@inline(__always)
public func geluForwardFast(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, N: Int) {
    if usesAVX2Kernels { memtx_gelu_avx2(out, inp, N) } else { geluForwardVectorised(out: out, inp: inp, N: N) }
}

/// out (T, C) = LayerNorm(inp) per row, through AVX2 when available and C % 8 == 0.
@inline(__always)
public func layerNormForwardFast(
    out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
    weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, T: Int, C: Int
) {
    if usesAVX2Kernels && C % 8 == 0 {
        memtx_layernorm_avx2(out, inp, weight, bias, T, C, layerNormEpsilon)
    } else {
        layerNormForwardVectorised(out: out, inp: inp, weight: weight, bias: bias, T: T, C: C)
    }
}
