// Naive twins of every kernel, in Double, written as the textbook formula with
// plain loops and no BLAS. Tests compare the tuned Float kernels against these, and
// take finite differences of these to check every backward.
import Foundation
import Kernels

/// Double-precision loop implementations of the forward kernels (for tests).
public enum NaiveKernels {
    /// out (T, OC) = inp (T, C) · Wᵀ + b.
    public static func linear(
        _ inp: [Double], weight: [Double], bias: [Double]?, T: Int, C: Int, OC: Int
    ) -> [Double] {
        var out = [Double](repeating: 0, count: T * OC)
        for t in 0..<T {
            for o in 0..<OC {
                var sum = bias?[o] ?? 0
                for i in 0..<C { sum += inp[t * C + i] * weight[o * C + i] }
                out[t * OC + o] = sum
            }
        }
        return out
    }

    /// Layer norm over rows of (T, C) with eps 1e-5.
    public static func layerNorm(
        _ inp: [Double], weight: [Double], bias: [Double], T: Int, C: Int
    ) -> [Double] {
        var out = [Double](repeating: 0, count: T * C)
        for t in 0..<T {
            let row = inp[(t * C)..<((t + 1) * C)]
            let mean = row.reduce(0, +) / Double(C)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(C)
            let rstd = 1 / (variance + Double(layerNormEpsilon)).squareRoot()
            for i in 0..<C { out[t * C + i] = (inp[t * C + i] - mean) * rstd * weight[i] + bias[i] }
        }
        return out
    }

    /// GELU, tanh approximation.
    public static func gelu(_ inp: [Double]) -> [Double] {
        inp.map { x in 0.5 * x * (1 + tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x))) }
    }

    /// Multi-head attention with additive logit bias (NH, Tq, Tk), key bias and key mask
    /// (see attentionForward).
    public static func attention(
        q: [Double], k: [Double], v: [Double], logitBias: [Double]? = nil, keyBias: [Double]?, keyMask: [Bool]?,
        Tq: Int, Tk: Int, D: Int, NH: Int
    ) -> [Double] {
        let dh = D / NH
        var out = [Double](repeating: 0, count: Tq * D)
        for h in 0..<NH {
            for i in 0..<Tq {
                var logits = [Double](repeating: -Double.infinity, count: Tk)
                for j in 0..<Tk where keyMask?[j] ?? true {
                    var dot = 0.0
                    for c in 0..<dh { dot += q[i * D + h * dh + c] * k[j * D + h * dh + c] }
                    logits[j] = dot / Double(dh).squareRoot() + (keyBias?[j] ?? 0)
                        + (logitBias?[(h * Tq + i) * Tk + j] ?? 0)
                }
                let maximum = logits.max() ?? -Double.infinity
                guard maximum > -Double.infinity else { continue }
                let exps = logits.map { exp($0 - maximum) }
                let sum = exps.reduce(0, +)
                for j in 0..<Tk {
                    let p = exps[j] / sum
                    for c in 0..<dh { out[i * D + h * dh + c] += p * v[j * D + h * dh + c] }
                }
            }
        }
        return out
    }

    /// Rows of table (V, C) picked by ids.
    public static func embedding(ids: [Int32], table: [Double], C: Int) -> [Double] {
        ids.flatMap { table[(Int($0) * C)..<(Int($0) * C + C)] }
    }

    /// Sum of table rows per word over buckets[offsets[t]..<offsets[t+1]], divided by √count.
    public static func embeddingBag(
        offsets: [Int32], buckets: [Int32], table: [Double], C: Int
    ) -> [Double] {
        var out = [Double]()
        for t in 0..<(offsets.count - 1) {
            var row = [Double](repeating: 0, count: C)
            let range = Int(offsets[t])..<Int(offsets[t + 1])
            for j in range { for i in 0..<C { row[i] += table[Int(buckets[j]) * C + i] } }
            if !range.isEmpty { row = row.map { $0 / Double(range.count).squareRoot() } }
            out += row
        }
        return out
    }

    /// Mean softmax cross-entropy over positions with target ≥ 0.
    public static func crossEntropy(logits: [Double], targets: [Int32], T: Int, K: Int) -> Double {
        var sum = 0.0, count = 0
        for t in 0..<T where targets[t] >= 0 {
            let row = logits[(t * K)..<((t + 1) * K)]
            let maximum = row.max()!
            let logSumExp = log(row.map { exp($0 - maximum) }.reduce(0, +)) + maximum
            sum += logSumExp - logits[t * K + Int(targets[t])]
            count += 1
        }
        return count == 0 ? 0 : sum / Double(count)
    }
}
