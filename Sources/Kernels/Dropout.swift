// Inverted dropout, a training-only regulariser: out = inp ⊙ mask with mask_i = 0 with
// probability p and 1 / (1 − p) otherwise, so the expected output equals the input and
// inference (which never drops) needs no rescaling. The mask is drawn once per forward
// and kept for the backward: dInp = dOut ⊙ mask.

/// A dropout mask of `count` entries: 0 with probability `rate`, else 1 / (1 − rate).
/// `rate` in [0, 1); rate 0 gives all ones.
public func dropoutMask(rate: Float, count: Int, generator: inout SeededGenerator) -> [Float] {
    precondition(rate >= 0 && rate < 1, "dropout rate \(rate) outside [0, 1)")
    guard rate > 0 else { return [Float](repeating: 1, count: count) }
    let kept = 1 / (1 - rate)
    return (0..<count).map { _ in generator.nextUniform() < rate ? 0 : kept }
}

/// out (N) = inp (N) ⊙ mask (N). `out` may alias `inp`.
public func dropoutForward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, mask: UnsafePointer<Float>, N: Int) {
    for i in 0..<N { out[i] = inp[i] * mask[i] }
}

/// dInp (N) = dOut (N) ⊙ mask (N) (overwrites; `dInp` may alias `dOut`).
public func dropoutBackward(dInp: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>, mask: UnsafePointer<Float>, N: Int) {
    for i in 0..<N { dInp[i] = dOut[i] * mask[i] }
}
