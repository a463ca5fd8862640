// Turning a chunk's label logits into one label per word. `argmax` takes each word's most
// likely label on its own; `bioViterbi` takes the most likely label *sequence* of the chunk
// under the BIO rules (an `I-X` only after `B-X` or `I-X`), by Viterbi over the words'
// log-softmax probabilities: the sequence maximising Σ log p(label_t) among the valid ones.
// A chunk is decoded on its own, so paged, streamed and whole-document labels stay equal; its
// first word may be `I-X` (an entity can continue from the previous chunk). Labels that are
// not BIO tags constrain nothing, so for them both rules give the same labels. A CRF
// model's learned transition scores (`head.transitions`) are added to each step's score
// in Viterbi (argmax ignores them).
// The probability reported is always the softmax probability of the label chosen.
import Foundation
import Kernels

/// How a chunk's logits become labels (`ModelConfig.decoding`).
public enum LabelDecoding: String, Codable, Sendable, CaseIterable {
    /// Each word's most likely label.
    case argmax
    /// The most likely BIO-valid label sequence of the chunk (Viterbi).
    case bioViterbi = "bio-viterbi"
}

/// Decodes rows of label logits with a model's labels and decoding rule.
public struct LabelDecoder: Sendable {
    public let decoding: LabelDecoding
    /// Number of labels, K.
    let K: Int
    /// (K, K): whether label `next` may follow label `previous`, at [previous * K + next].
    let allowed: [Bool]
    /// (K, K): the CRF's transition scores, same layout, read when decoding (so a decoder
    /// follows training); nil without a CRF.
    let transitionScores: Tensor?

    /// `transitionScores` (K, K) are a CRF model's learned transitions, nil without one.
    public init(labels: [String], decoding: LabelDecoding, transitionScores: Tensor? = nil) {
        precondition(transitionScores == nil || transitionScores!.count == labels.count * labels.count, "K × K transition scores")
        self.decoding = decoding
        K = labels.count
        allowed = Self.transitions(labels)
        self.transitionScores = transitionScores
    }

    /// BIO transitions: `I-X` may follow only `B-X` or `I-X`; everything else may follow anything.
    /// Labels that do not parse as BIO tags are unconstrained.
    static func transitions(_ labels: [String]) -> [Bool] {
        let parsed = labels.map(BIOTags.parse)
        var allowed = [Bool](repeating: true, count: labels.count * labels.count)
        for (next, tag) in parsed.enumerated() {
            guard let tag, tag.prefix == "I" else { continue }
            for (previous, before) in parsed.enumerated() {
                guard let before else { continue }
                allowed[previous * labels.count + next] = before.prefix != "O" && before.type == tag.type
            }
        }
        return allowed
    }

    /// One label per row of `logits` (rows, K), the rows being one chunk's words in order.
    public func decode(logits: UnsafePointer<Float>, words: ArraySlice<Word>) -> [LabeledWord] {
        let rows = words.count
        guard rows > 0 else { return [] }
        // Log-softmax of every row, and each row's log-sum-exp for the reported probability.
        var logProbabilities = [Float](repeating: 0, count: rows * K)
        for t in 0..<rows {
            let row = logits + t * K
            var top = row[0]
            for j in 1..<K where row[j] > top { top = row[j] }
            var sum: Float = 0
            for j in 0..<K { sum += expf(row[j] - top) }
            let logSum = top + logf(sum)
            for j in 0..<K { logProbabilities[t * K + j] = row[j] - logSum }
        }
        let labels = decoding == .argmax ? argmaxLabels(logProbabilities, rows: rows) : viterbiLabels(logProbabilities, rows: rows)
        return zip(words, labels).enumerated().map { t, pair in
            LabeledWord(word: pair.0, labelID: pair.1, probability: expf(logProbabilities[t * K + pair.1]))
        }
    }

    /// Each row's most likely label (the first on ties).
    func argmaxLabels(_ logProbabilities: [Float], rows: Int) -> [Int] {
        (0..<rows).map { t in
            var best = 0
            for j in 1..<K where logProbabilities[t * K + j] > logProbabilities[t * K + best] { best = j }
            return best
        }
    }

    /// The valid sequence with the largest summed log-probability plus transition scores
    /// (first label index on ties).
    func viterbiLabels(_ logProbabilities: [Float], rows: Int) -> [Int] {
        // best[j]: the best score of a valid prefix ending in label j; back[t * K + j]: its previous label.
        let transition = transitionScores?.values ?? [Float](repeating: 0, count: K * K)
        var best = Array(logProbabilities[0..<K])
        var back = [Int](repeating: 0, count: rows * K)
        var next = [Float](repeating: 0, count: K)
        for t in 1..<rows {
            for j in 0..<K {
                var winner = -1
                var score = -Float.infinity
                for i in 0..<K where allowed[i * K + j] && best[i] + transition[i * K + j] > score {
                    score = best[i] + transition[i * K + j]; winner = i
                }
                back[t * K + j] = max(winner, 0)
                next[j] = winner < 0 ? -.infinity : score + logProbabilities[t * K + j]
            }
            swap(&best, &next)
        }
        var label = 0
        for j in 1..<K where best[j] > best[label] { label = j }
        var labels = [Int](repeating: 0, count: rows)
        for t in stride(from: rows - 1, through: 0, by: -1) {
            labels[t] = label
            label = back[t * K + label]
        }
        return labels
    }
}
