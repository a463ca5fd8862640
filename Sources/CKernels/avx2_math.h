// Shared AVX2+FMA helpers for the CKernels sources (x86-64 only; include after the
// architecture check): 8-lane exp (Cephes expf, the constants of vectorExp in Swift),
// horizontal sum and max, tail masks, one softmax row. Every function is static inline
// and carries target("avx2,fma"), so callers must have checked memtx_avx2_fma_available().
#ifndef MEMTX_AVX2_MATH_H
#define MEMTX_AVX2_MATH_H
#include <immintrin.h>
#include <math.h>

#define AVX2 __attribute__((target("avx2,fma")))

/// e^x per lane, x clamped to [−87.34, 88.38] (same constants as vectorExp in Swift).
static inline AVX2 __m256 exp8(__m256 x) {
    x = _mm256_max_ps(x, _mm256_set1_ps(-87.33654f));
    x = _mm256_min_ps(x, _mm256_set1_ps(88.37626f));
    const __m256 magic = _mm256_set1_ps(12582912.0f);
    __m256 shifted = _mm256_fmadd_ps(x, _mm256_set1_ps(1.44269504f), magic);
    __m256 n = _mm256_sub_ps(shifted, magic);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fmadd_ps(n, _mm256_set1_ps(2.1219444e-4f), r);
    __m256 p = _mm256_set1_ps(1.98756915e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.39819995e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.16657959e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.66666655e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.00000012e-1f));
    __m256 y = _mm256_add_ps(_mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r), _mm256_set1_ps(1.0f));
    __m256i bits = _mm256_sub_epi32(_mm256_castps_si256(shifted), _mm256_set1_epi32(0x4B400000));
    __m256 scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(bits, _mm256_set1_epi32(127)), 23));
    return _mm256_mul_ps(y, scale);
}

static inline AVX2 float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

static inline AVX2 float hmax8(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/// Mask whose first `k` lanes (0 < k < 8) are set, for the tail of a row.
static inline AVX2 __m256i tail_mask(long k) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)k), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// In place: row (n) = softmax(row).
static inline AVX2 void softmax_row(float *row, long n) {
    const long whole = n & ~7L, rest = n - whole;
    const __m256i mask = tail_mask(rest);
    __m256 m = _mm256_set1_ps(-INFINITY);
    for (long j = 0; j < whole; j += 8) m = _mm256_max_ps(m, _mm256_loadu_ps(row + j));
    if (rest) m = _mm256_max_ps(m, _mm256_blendv_ps(_mm256_set1_ps(-INFINITY),
                    _mm256_maskload_ps(row + whole, mask), _mm256_castsi256_ps(mask)));
    const __m256 maximum = _mm256_set1_ps(hmax8(m));
    __m256 sum = _mm256_setzero_ps();
    for (long j = 0; j < whole; j += 8) {
        __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(row + j), maximum));
        _mm256_storeu_ps(row + j, e);
        sum = _mm256_add_ps(sum, e);
    }
    if (rest) {
        __m256 e = exp8(_mm256_sub_ps(_mm256_maskload_ps(row + whole, mask), maximum));
        e = _mm256_and_ps(e, _mm256_castsi256_ps(mask));
        _mm256_maskstore_ps(row + whole, mask, e);
        sum = _mm256_add_ps(sum, e);
    }
    const __m256 inverse = _mm256_set1_ps(1.0f / hsum8(sum));
    for (long j = 0; j < whole; j += 8) _mm256_storeu_ps(row + j, _mm256_mul_ps(_mm256_loadu_ps(row + j), inverse));
    if (rest) _mm256_maskstore_ps(row + whole, mask, _mm256_mul_ps(_mm256_maskload_ps(row + whole, mask), inverse));
}

#endif
