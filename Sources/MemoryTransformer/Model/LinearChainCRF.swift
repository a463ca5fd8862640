// A linear-chain CRF over one chunk's label logits: a sequence y scores
// Σ_t logits[t, y_t] + Σ_{t≥1} A[y_{t−1}, y_t] (no start or end scores: a chunk may begin
// or end inside an entity). The forward–backward algorithm in log space (Double) gives
// log Z and the marginals; the training loss is log Z − log Z_gold, where Z_gold sums the
// sequences that agree with every known target (ignored targets, −1, are marginalised),
// so its gradient is exact: marginals − marginals under the targets.

import Foundation

/// Forward–backward over one chunk (T words, K labels).
enum LinearChainCRF {
    /// log Z and the marginals of one forward–backward pass.
    struct Marginals {
        /// log of the summed exp-scores of the sequences allowed.
        let logPartition: Double
        /// (T, K): P(y_t = j).
        let unary: [Double]
        /// (K, K): Σ_t P(y_{t−1} = i, y_t = j).
        let pairwise: [Double]
    }

    /// The marginals of the chain; with `targets`, only sequences with `y_t = targets[t]`
    /// wherever `targets[t] ≥ 0` are summed. T ≥ 1.
    static func marginals(logits: UnsafePointer<Float>, T: Int, K: Int, transitions: UnsafePointer<Float>,
                          targets: [Int32]? = nil) -> Marginals {
        precondition(T >= 1 && K >= 1, "a chain needs a word and a label")
        func allowed(_ t: Int, _ j: Int) -> Bool {
            guard let targets, targets[t] >= 0 else { return true }
            return Int(targets[t]) == j
        }
        func emission(_ t: Int, _ j: Int) -> Double { allowed(t, j) ? Double(logits[t * K + j]) : -.infinity }
        // alpha[t * K + j]: log-sum of the prefixes ending in label j at t.
        var alpha = [Double](repeating: -.infinity, count: T * K)
        for j in 0..<K { alpha[j] = emission(0, j) }
        var terms = [Double](repeating: 0, count: K)
        for t in 1..<T {
            for j in 0..<K {
                for i in 0..<K { terms[i] = alpha[(t - 1) * K + i] + Double(transitions[i * K + j]) }
                alpha[t * K + j] = logSumExp(terms) + emission(t, j)
            }
        }
        // beta[t * K + i]: log-sum of the suffixes after label i at t.
        var beta = [Double](repeating: 0, count: T * K)
        for t in stride(from: T - 2, through: 0, by: -1) {
            for i in 0..<K {
                for j in 0..<K { terms[j] = Double(transitions[i * K + j]) + emission(t + 1, j) + beta[(t + 1) * K + j] }
                beta[t * K + i] = logSumExp(terms)
            }
        }
        let logZ = logSumExp(Array(alpha[(T - 1) * K..<T * K]))
        var unary = [Double](repeating: 0, count: T * K)
        for index in 0..<T * K { unary[index] = exp(alpha[index] + beta[index] - logZ) }
        var pairwise = [Double](repeating: 0, count: K * K)
        for t in 1..<T {
            for i in 0..<K where alpha[(t - 1) * K + i] > -.infinity {
                for j in 0..<K {
                    let score = alpha[(t - 1) * K + i] + Double(transitions[i * K + j]) + emission(t, j) + beta[t * K + j]
                    pairwise[i * K + j] += exp(score - logZ)
                }
            }
        }
        return Marginals(logPartition: logZ, unary: unary, pairwise: pairwise)
    }

    /// The chunk's loss log Z − log Z_targets (0 with no known target) and its gradients:
    /// dLogits (T, K) and dTransitions (K, K), both for a loss scale of 1.
    static func loss(logits: UnsafePointer<Float>, T: Int, K: Int, transitions: UnsafePointer<Float>,
                     targets: [Int32]) -> (loss: Double, dLogits: [Float], dTransitions: [Float]) {
        guard targets.contains(where: { $0 >= 0 }) else {
            return (0, [Float](repeating: 0, count: T * K), [Float](repeating: 0, count: K * K))
        }
        let free = marginals(logits: logits, T: T, K: K, transitions: transitions)
        let clamped = marginals(logits: logits, T: T, K: K, transitions: transitions, targets: targets)
        return (free.logPartition - clamped.logPartition,
                zip(free.unary, clamped.unary).map { Float($0 - $1) },
                zip(free.pairwise, clamped.pairwise).map { Float($0 - $1) })
    }

    /// log Σ exp(values), −∞ for an empty or all −∞ input.
    static func logSumExp(_ values: [Double]) -> Double {
        guard let top = values.max(), top > -.infinity else { return -.infinity }
        return top + log(values.reduce(0) { $0 + exp($1 - top) })
    }
}
