// Residual connection: out = a + b. Backward passes dOut to both inputs.

/// out (N) = a (N) + b (N). `out` may alias `a`.
public func residualForward(
    out: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>, N: Int
) {
    for i in 0..<N { out[i] = a[i] + b[i] }
}

/// Accumulates dA (N) += dOut and dB (N) += dOut.
public func residualBackward(
    dA: UnsafeMutablePointer<Float>, dB: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>,
    N: Int
) {
    for i in 0..<N {
        dA[i] += dOut[i]
        dB[i] += dOut[i]
    }
}
