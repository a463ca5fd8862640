// Fused attention for one head of width 16 (the shipped model: d = 64, 4 heads): logits,
// biases, softmax and the weighted sum of values in one pass over a chunk, instead of two
// small sgemm calls per head (64×97×16 and 64×16×97 run at 14–26 GFLOP/s in OpenBLAS).
// Keys are transposed into `work` (16, Tkp) so that 4 queries × 16 keys are 8 FMA
// accumulators; the weighted sum also takes 4 queries at a time. Left out: other head
// widths (the caller keeps the sgemm path), masking, backward.
#include "ckernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include "avx2_math.h"

AVX2 void memtx_attention_head16_avx2(const float *q, long ldq, const float *k, const float *v, long ldkv,
                                      long T, long Tk, float scale, const float *relative, long ldr,
                                      long relative_columns, const float *memory_bias, long Mk, float *out, long ldo,
                                      float *work) {
    const long Tkp = (Tk + 15) & ~15L;
    float *kT = work;                 // (16, Tkp), zero beyond Tk
    float *probs = work + 16 * Tkp;   // (4, Tkp): four queries' rows
    for (long c = 0; c < 16; c++) {
        for (long j = 0; j < Tk; j++) kT[c * Tkp + j] = k[j * ldkv + c];
        for (long j = Tk; j < Tkp; j++) kT[c * Tkp + j] = 0;
    }
    const __m256 s = _mm256_set1_ps(scale);
    for (long i0 = 0; i0 < T; i0 += 4) {
        const float *qr[4];
        for (int r = 0; r < 4; r++) qr[r] = q + (i0 + r < T ? i0 + r : T - 1) * ldq;
        // logits (4, Tkp) = scale · q kᵀ, 16 keys at a time.
        for (long jb = 0; jb < Tkp; jb += 16) {
            __m256 acc[4][2];
            for (int r = 0; r < 4; r++) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
            for (long c = 0; c < 16; c++) {
                const __m256 k0 = _mm256_loadu_ps(kT + c * Tkp + jb), k1 = _mm256_loadu_ps(kT + c * Tkp + jb + 8);
                for (int r = 0; r < 4; r++) {
                    const __m256 qc = _mm256_broadcast_ss(qr[r] + c);
                    acc[r][0] = _mm256_fmadd_ps(qc, k0, acc[r][0]);
                    acc[r][1] = _mm256_fmadd_ps(qc, k1, acc[r][1]);
                }
            }
            for (int r = 0; r < 4; r++) {
                _mm256_storeu_ps(probs + r * Tkp + jb, _mm256_mul_ps(acc[r][0], s));
                _mm256_storeu_ps(probs + r * Tkp + jb + 8, _mm256_mul_ps(acc[r][1], s));
            }
        }
        // + relative bias (the first relative_columns keys: the chunk's, or the chunk's and
        // the memory's) + memory bias (memory keys); softmax by row.
        for (int r = 0; r < 4; r++) {
            const long i = i0 + r < T ? i0 + r : T - 1;
            float *row = probs + r * Tkp;
            for (long j = 0; j < relative_columns; j++) row[j] += relative[i * ldr + j];
            for (long j = 0; j < Mk; j++) row[T + j] += memory_bias[j];
            softmax_row(row, Tk);
        }
        // out (4, 16) = P (4, Tk) · v (Tk, 16).
        __m256 acc[4][2];
        for (int r = 0; r < 4; r++) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
        for (long j = 0; j < Tk; j++) {
            const __m256 v0 = _mm256_loadu_ps(v + j * ldkv), v1 = _mm256_loadu_ps(v + j * ldkv + 8);
            for (int r = 0; r < 4; r++) {
                const __m256 p = _mm256_broadcast_ss(probs + r * Tkp + j);
                acc[r][0] = _mm256_fmadd_ps(p, v0, acc[r][0]);
                acc[r][1] = _mm256_fmadd_ps(p, v1, acc[r][1]);
            }
        }
        for (int r = 0; r < 4 && i0 + r < T; r++) {
            _mm256_storeu_ps(out + (i0 + r) * ldo, acc[r][0]);
            _mm256_storeu_ps(out + (i0 + r) * ldo + 8, acc[r][1]);
        }
    }
}

#else

void memtx_attention_head16_avx2(const float *q, long ldq, const float *k, const float *v, long ldkv,
                                 long T, long Tk, float scale, const float *relative, long ldr,
                                 long relative_columns, const float *memory_bias, long Mk, float *out, long ldo,
                                 float *work) {
    (void)q; (void)ldq; (void)k; (void)v; (void)ldkv; (void)T; (void)Tk; (void)scale; (void)relative;
    (void)ldr; (void)relative_columns; (void)memory_bias; (void)Mk; (void)out; (void)ldo; (void)work;
}

#endif
