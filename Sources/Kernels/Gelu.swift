// GELU, tanh approximation (as in GPT-2): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
import Foundation

private let geluScale = Float((2.0 / Double.pi).squareRoot())

/// out (N) = gelu(inp (N)).
public func geluForward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, N: Int) {
    for i in 0..<N {
        let x = inp[i]
        out[i] = 0.5 * x * (1 + tanhf(geluScale * (x + 0.044715 * x * x * x)))
    }
}

/// Accumulates dInp (N) += gelu'(inp) · dOut.
public func geluBackward(
    dInp: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, dOut: UnsafePointer<Float>,
    N: Int
) {
    for i in 0..<N {
        let x = inp[i]
        let u = geluScale * (x + 0.044715 * x * x * x)
        let th = tanhf(u)
        let sech2 = 1 - th * th
        let du = geluScale * (1 + 3 * 0.044715 * x * x)
        dInp[i] += (0.5 * (1 + th) + 0.5 * x * sech2 * du) * dOut[i]
    }
}
