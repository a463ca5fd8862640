// Layer normalisation over the last dimension, eps = 1e-5, with learned scale and
// shift. Forward saves mean and 1/std per row for the backward.

/// The epsilon added to the variance in every layer norm of memtx.
public let layerNormEpsilon: Float = 1e-5

/// out (T, C) = (inp − mean) / sqrt(var + eps) · weight + bias; saves mean (T), rstd (T).
public func layerNormForward(
    out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>?,
    rstd: UnsafeMutablePointer<Float>?, inp: UnsafePointer<Float>,
    weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, T: Int, C: Int
) {
    for t in 0..<T {
        let x = inp + t * C
        var m: Float = 0
        for i in 0..<C { m += x[i] }
        m /= Float(C)
        var variance: Float = 0
        for i in 0..<C { let d = x[i] - m; variance += d * d }
        variance /= Float(C)
        let s = 1 / (variance + layerNormEpsilon).squareRoot()
        let o = out + t * C
        for i in 0..<C { o[i] = (x[i] - m) * s * weight[i] + bias[i] }
        mean?[t] = m
        rstd?[t] = s
    }
}

/// Accumulates dInp (T, C), dWeight (C), dBias (C) from dOut (T, C).
public func layerNormBackward(
    dInp: UnsafeMutablePointer<Float>, dWeight: UnsafeMutablePointer<Float>,
    dBias: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>, inp: UnsafePointer<Float>,
    weight: UnsafePointer<Float>, mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
    T: Int, C: Int
) {
    for t in 0..<T {
        let x = inp + t * C, g = dOut + t * C, dx = dInp + t * C
        let m = mean[t], s = rstd[t]
        var meanDNorm: Float = 0, meanDNormXNorm: Float = 0
        for i in 0..<C {
            let norm = (x[i] - m) * s
            let dNorm = weight[i] * g[i]
            meanDNorm += dNorm
            meanDNormXNorm += dNorm * norm
        }
        meanDNorm /= Float(C)
        meanDNormXNorm /= Float(C)
        for i in 0..<C {
            let norm = (x[i] - m) * s
            let dNorm = weight[i] * g[i]
            dBias[i] += g[i]
            dWeight[i] += norm * g[i]
            dx[i] += (dNorm - meanDNorm - norm * meanDNormXNorm) * s
        }
    }
}
