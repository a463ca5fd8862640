// GEMM: every matrix product of memtx goes through `gemm` (cblas_sgemm, row-major).
// `gemmNaive` is its loop twin for tests. Also the OpenBLAS thread setting.
import COpenBLAS

/// C (m×n) = alpha · op(A) · op(B) + beta · C, row-major, with leading dimensions.
/// op(A) is (m×k): A itself is (m×k) with `lda ≥ k`, or (k×m) with `lda ≥ m` when
/// `transA`. Likewise op(B) is (k×n).
@inline(__always)
public func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    guard m > 0, n > 0 else { return }
    if k == 0 {  // BLAS leaves C untouched; honour beta ourselves.
        for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
        return
    }
    cblas_sgemm(
        CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// The number of threads OpenBLAS uses for one call.
public enum BLASThreads {
    /// Sets OpenBLAS's thread count (1 is best for small shapes; see docs/PERFORMANCE.md).
    public static func set(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }
    /// OpenBLAS's current thread count.
    public static var current: Int { Int(openblas_get_num_threads()) }
}
