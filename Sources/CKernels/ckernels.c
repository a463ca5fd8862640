// AVX2+FMA twins of the Swift inference kernels in Kernels/VectorMath.swift: Cephes expf
// (range reduction by ln 2, degree-6 polynomial, 2ⁿ through the exponent bits), softmax by
// row, GELU as x / (1 + e^(−2u)), LayerNorm. Compiled for baseline x86-64; only these
// functions carry target("avx2,fma"), and callers dispatch on memtx_avx2_fma_available().
// Shared helpers (exp8, softmax_row) live in avx2_math.h. On other architectures the
// availability check says no and the bodies are empty stubs.
// Left out: backward passes, masking.
#include "ckernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include "avx2_math.h"

int memtx_avx2_fma_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

AVX2 void memtx_softmax_rows_avx2(float *p, long rows, long n) {
    for (long r = 0; r < rows; r++) softmax_row(p + r * n, n);
}

/// gelu of 8 lanes: x / (1 + e^(c(x + 0.044715x³))), c = −2√(2/π).
static inline AVX2 __m256 gelu8(__m256 x) {
    const __m256 c = _mm256_set1_ps(-1.5957691216057308f);
    __m256 x2 = _mm256_mul_ps(x, x);
    __m256 u = _mm256_mul_ps(x, _mm256_fmadd_ps(x2, _mm256_set1_ps(0.044715f), _mm256_set1_ps(1.0f)));
    return _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1.0f), exp8(_mm256_mul_ps(c, u))));
}

AVX2 void memtx_gelu_avx2(float *out, const float *inp, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, gelu8(_mm256_loadu_ps(inp + i)));
    if (i < n) {
        const __m256i mask = tail_mask(n - i);
        _mm256_maskstore_ps(out + i, mask, gelu8(_mm256_maskload_ps(inp + i, mask)));
    }
}

AVX2 void memtx_layernorm_avx2(float *out, const float *inp, const float *weight, const float *bias,
                               long T, long C, float eps) {
    const float inverseC = 1.0f / (float)C;
    for (long t = 0; t < T; t++) {
        const float *x = inp + t * C;
        float *o = out + t * C;
        __m256 sum = _mm256_setzero_ps();
        for (long i = 0; i < C; i += 8) sum = _mm256_add_ps(sum, _mm256_loadu_ps(x + i));
        const __m256 mean = _mm256_set1_ps(hsum8(sum) * inverseC);
        __m256 squares = _mm256_setzero_ps();
        for (long i = 0; i < C; i += 8) {
            __m256 d = _mm256_sub_ps(_mm256_loadu_ps(x + i), mean);
            squares = _mm256_fmadd_ps(d, d, squares);
        }
        const __m256 s = _mm256_set1_ps(1.0f / sqrtf(hsum8(squares) * inverseC + eps));
        for (long i = 0; i < C; i += 8) {
            __m256 d = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), mean), s);
            _mm256_storeu_ps(o + i, _mm256_fmadd_ps(d, _mm256_loadu_ps(weight + i), _mm256_loadu_ps(bias + i)));
        }
    }
}

#else

int memtx_avx2_fma_available(void) { return 0; }
void memtx_softmax_rows_avx2(float *p, long rows, long n) { (void)p; (void)rows; (void)n; }
void memtx_gelu_avx2(float *out, const float *inp, long n) { (void)out; (void)inp; (void)n; }
void memtx_layernorm_avx2(float *out, const float *inp, const float *weight, const float *bias,
                          long T, long C, float eps) {
    (void)out; (void)inp; (void)weight; (void)bias; (void)T; (void)C; (void)eps;
}

#endif
