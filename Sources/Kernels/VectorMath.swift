// Vectorised exp, softmax, GELU and LayerNorm for inference: 8 lanes at a time (SIMD8,
// two SSE registers on baseline x86-64, one AVX register where the compiler may use it).
// exp is Cephes' expf polynomial (range reduction by ln 2, degree-6 polynomial, scale by
// 2ⁿ through the exponent bits): within 2 ulp of expf on [−87, 88], inputs below −87.3
// give ≈ 1e-38 instead of 0. GELU uses ½(1 + tanh u) = 1 / (1 + e^(−2u)), so it needs exp
// only. Sums run in 8 partial accumulators, so results differ from the scalar kernels
// (Attention.swift, Gelu.swift, LayerNorm.swift, the training path) by float rounding;
// tests hold them to the naive twins. Left out: backward passes (training keeps the scalar
// kernels) and masking (the inference softmax has no hidden keys).

/// Eight floats.
public typealias Float8 = SIMD8<Float>

/// e^x for each lane (Cephes expf). x is clamped to [−87.34, 88.38] (2ⁿ stays finite).
@inline(__always)
public func vectorExp(_ input: Float8) -> Float8 {
    // Comparisons and `replace`, not clamped(…)/pointwiseMax: those stay generic calls (not inlined).
    var x = input
    x.replace(with: -87.336_54, where: x .< -87.336_54)
    x.replace(with: 88.376_26, where: x .> 88.376_26)
    // n = round(x / ln 2): adding 1.5·2²³ rounds to nearest and leaves n in the low mantissa bits.
    let magic = Float8(repeating: 12_582_912)
    let shifted = x * 1.442_695_04 + magic
    let n = shifted - magic
    let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
    var p = Float8(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_59e-2
    p = p * r + 1.666_666_55e-1
    p = p * r + 5.000_000_12e-1
    let y = p * (r * r) + r + 1
    // 2ⁿ: n sits in the low bits of `shifted` (biased by 0x400000); move it into the exponent.
    let nBits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
    let scale = unsafeBitCast((nBits &+ 127) &<< 23, to: Float8.self)
    return y * scale
}

/// e^x for one float through the vector polynomial (tails of rows; equal to lane i of vectorExp).
@inline(__always)
public func vectorExp(_ x: Float) -> Float { vectorExp(Float8(repeating: x))[0] }

/// In place, each of `rows` rows of length `n`: row = softmax(row). Every row must have a
/// finite maximum.
public func softmaxRowsVectorised(_ p: UnsafeMutablePointer<Float>, rows: Int, n: Int) {
    let whole = n & ~7
    for r in 0..<rows {
        let row = p + r * n
        var maxLanes = Float8(repeating: -.infinity)
        var j = 0
        while j < whole { let v = Float8(at: row + j); maxLanes.replace(with: v, where: v .> maxLanes); j += 8 }
        var maximum = maxLanes[0]
        for lane in 1..<8 { maximum = max(maximum, maxLanes[lane]) }
        while j < n { maximum = max(maximum, row[j]); j += 1 }
        var sumLanes = Float8(repeating: 0)
        let m = Float8(repeating: maximum)
        j = 0
        while j < whole {
            let e = vectorExp(Float8(at: row + j) - m)
            e.store(at: row + j)
            sumLanes += e
            j += 8
        }
        var sum = sumLanes.sum()
        while j < n { let e = vectorExp(row[j] - maximum); row[j] = e; sum += e; j += 1 }
        let inverse = Float8(repeating: 1 / sum)
        j = 0
        while j < whole { (Float8(at: row + j) * inverse).store(at: row + j); j += 8 }
        while j < n { row[j] *= inverse[0]; j += 1 }
    }
}

/// out (N) = gelu(inp (N)), tanh approximation, as x / (1 + e^(−2√(2/π)(x + 0.044715x³))).
/// `out` may alias `inp`.
public func geluForwardVectorised(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, N: Int) {
    let c = Float((2.0 / Double.pi).squareRoot()) * -2
    var i = 0
    while i + 8 <= N {
        let x = Float8(at: inp + i)
        (x / (1 + vectorExp(c * (x + 0.044715 * x * x * x)))).store(at: out + i)
        i += 8
    }
    while i < N {
        let x = inp[i]
        out[i] = x / (1 + vectorExp(c * (x + 0.044715 * x * x * x)))
        i += 1
    }
}

/// out (T, C) = (inp − mean) / sqrt(var + eps) · weight + bias per row; C a multiple of 8
/// (falls back to layerNormForward otherwise). `out` must not alias `inp`.
public func layerNormForwardVectorised(
    out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
    weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, T: Int, C: Int
) {
    guard C % 8 == 0 else {
        layerNormForward(out: out, mean: nil, rstd: nil, inp: inp, weight: weight, bias: bias, T: T, C: C)
        return
    }
    let inverseC = 1 / Float(C)
    for t in 0..<T {
        let x = inp + t * C, o = out + t * C
        var sum = Float8(repeating: 0)
        for i in stride(from: 0, to: C, by: 8) { sum += Float8(at: x + i) }
        let mean = Float8(repeating: sum.sum() * inverseC)
        var squares = Float8(repeating: 0)
        for i in stride(from: 0, to: C, by: 8) { let d = Float8(at: x + i) - mean; squares += d * d }
        let s = Float8(repeating: 1 / (squares.sum() * inverseC + layerNormEpsilon).squareRoot())
        for i in stride(from: 0, to: C, by: 8) {
            ((Float8(at: x + i) - mean) * s * Float8(at: weight + i) + Float8(at: bias + i)).store(at: o + i)
        }
    }
}

/// out (N) += b (N), 8 lanes at a time.
public func addVectorised(_ out: UnsafeMutablePointer<Float>, _ b: UnsafePointer<Float>, N: Int) {
    var i = 0
    while i + 8 <= N { (Float8(at: out + i) + Float8(at: b + i)).store(at: out + i); i += 8 }
    while i < N { out[i] += b[i]; i += 1 }
}

extension SIMD8 where Scalar == Float {
    /// Eight floats read from `p` (unaligned).
    @inline(__always)
    public init(at p: UnsafePointer<Float>) { self = UnsafeRawPointer(p).loadUnaligned(as: Self.self) }

    @inline(__always)
    public init(at p: UnsafeMutablePointer<Float>) { self.init(at: UnsafePointer(p)) }

    /// Writes the eight floats to `p` (unaligned).
    @inline(__always)
    public func store(at p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self) }
}
