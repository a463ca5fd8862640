// AVX2+FMA inference kernels (exp, softmax rows, GELU, LayerNorm) for Kernels/VectorMath.swift.
// Callers check memtx_avx2_fma_available() once and otherwise use the portable Swift kernels.
// Same functions and polynomial as the Swift twins; results differ by float rounding (FMA).
// Left out: backward passes, masking, any other instruction set.
#ifndef MEMTX_CKERNELS_H
#define MEMTX_CKERNELS_H

/// Nonzero when the CPU runs AVX2 and FMA (the kernels below may only be called then).
int memtx_avx2_fma_available(void);

/// In place, each of `rows` rows of length `n`: row = softmax(row) (finite maximum per row).
void memtx_softmax_rows_avx2(float *p, long rows, long n);

/// out (n) = x / (1 + e^(−2√(2/π)(x + 0.044715x³))); `out` may alias `inp`.
void memtx_gelu_avx2(float *out, const float *inp, long n);

/// out (T, C) = (inp − mean) / sqrt(var + eps) · weight + bias per row; C a multiple of 8.
void memtx_layernorm_avx2(float *out, const float *inp, const float *weight, const float *bias,
                          long T, long C, float eps);

/// One head of width 16 of a chunk's attention, fused: logits (T, Tk) = scale · q kᵀ, plus
/// relative (T rows of stride ldr) on the first relative_columns keys (T, or T + Mk when the
/// memory keys have per-query biases too) and memory_bias (Mk) on the Mk after the first T;
/// softmax by row; out (T, 16) = P v. q rows have stride ldq, k and v rows stride ldkv, out
/// rows stride ldo; `work` holds at least 20 · ((Tk + 15) & ~15) floats.
void memtx_attention_head16_avx2(const float *q, long ldq, const float *k, const float *v, long ldkv,
                                 long T, long Tk, float scale, const float *relative, long ldr,
                                 long relative_columns, const float *memory_bias, long Mk, float *out, long ldo,
                                 float *work);

#endif
