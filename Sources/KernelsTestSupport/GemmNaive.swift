// The loop twin of Kernels' `gemm` (cblas_sgemm), accumulating in Double: what the GEMM
// tests compare the BLAS call against. Test support only, not part of Kernels' API.

/// Loop twin of `gemm`, accumulating in Double: C (m×n) = alpha · op(A) · op(B) + beta · C.
public func gemmNaive(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0
            for p in 0..<k {
                let aValue = transA ? a[p * lda + i] : a[i * lda + p]
                let bValue = transB ? b[j * ldb + p] : b[p * ldb + j]
                sum += Double(aValue) * Double(bValue)
            }
            let previous = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
            c[i * ldc + j] = Float(Double(alpha) * sum + previous)
        }
    }
}
