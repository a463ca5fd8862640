// Pretrained word vectors as an initialisation of the word-embedding table (no change
// to the architecture or the forward pass): the vocabulary may be extended by the most
// frequent words of the vectors' own list, and every row whose word has a vector gets
// it, scaled to a chosen standard deviation, in its first D of d columns (D ≤ d); the
// other columns keep their random initialisation, or start at 0 for identity dropout (a
// row training never reaches then reads exactly as identity dropout shows a word). Rows
// without a vector get zeros in those D columns, so that, when the trainer freezes them,
// "no vector" is one point.
import Kernels

/// Initialises word embeddings from `WordVectors`.
public enum PretrainedEmbedding {
    /// `base` followed by the first `extra` words of `vectors` that `base` lacks (in the
    /// vectors' frequency order), capped at `maxSize` ids in total (no cap by default: the
    /// whole GloVe 6B list is 400 000 words, which an F16 word table keeps in 51 MB at d = 64).
    public static func extend(_ base: Vocabulary, with vectors: WordVectors, extra: Int, maxSize: Int = .max) -> Vocabulary {
        guard extra > 0 else { return base }
        let known = Set(base.words)
        var added: [String] = []
        for word in vectors.words where added.count < extra && base.count + added.count < maxSize {
            if !known.contains(word) { added.append(word) }
        }
        return Vocabulary(words: Array(base.words.dropFirst(2)) + added)
    }

    /// Writes the scaled vectors into columns `0..<D` of `table (V, d)`; returns how many
    /// rows had a vector. Scale: `std / vectors.standardDeviation`. With `zeroingOtherColumns`,
    /// columns `D..<d` of every row with a vector are set to 0 (identity dropout's convention).
    @discardableResult
    public static func initialise(_ table: Tensor, vocabulary: Vocabulary, vectors: WordVectors, std: Float,
                                  zeroingOtherColumns: Bool = false) -> Int {
        let V = table.shape[0], d = table.shape[1], D = vectors.dimension
        precondition(V == vocabulary.count && D <= d, "table (\(V), \(d)) cannot take \(D)-d vectors")
        let scale = std / max(vectors.standardDeviation, 1e-12)
        var found = 0
        for (row, word) in vocabulary.words.enumerated() {
            let target = table.pointer + row * d
            if let vector = vectors.vector(for: word), row != Int(Vocabulary.padID), row != Int(Vocabulary.unknownID) {
                for (i, value) in vector.enumerated() { target[i] = value * scale }
                if zeroingOtherColumns { (target + D).update(repeating: 0, count: d - D) }
                found += 1
            } else {
                for i in 0..<D { target[i] = 0 }
            }
        }
        return found
    }
}
