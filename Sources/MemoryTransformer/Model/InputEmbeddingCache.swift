// The input embedding of each distinct word of a document, computed once: word row +
// n-gram bag + shape row (everything of x₀ but the position, which depends on where the
// word sits in its chunk). Featurisation (lower-casing, n-gram hashing, shape) and the
// n-gram gather then run once per distinct word instead of once per word and pass. Sums
// as ChunkPass does (ModelParameters.embedWithoutPosition), so x₀ is bit-for-bit the
// naive one. Bounded: when full it starts over, so memory stays flat on long documents
// with an open vocabulary. One owner at a time (the encoder's).
import Kernels

/// word text → its (d) input embedding without position, for one document (or request).
final class InputEmbeddingCache {
    private let parameters: ModelParameters
    private let featurizer: Featurizer
    private let d: Int
    /// Most distinct words held before the cache is emptied and refilled.
    let capacity: Int
    private var rows: [String: Int] = [:]
    /// (count, d): one embedding per held word, in insertion order.
    private var table: [Float] = []
    private let scratch: Tensor

    init(parameters: ModelParameters, featurizer: Featurizer, capacity: Int = 8_192) {
        precondition(capacity > 0, "capacity must be positive")
        self.parameters = parameters
        self.featurizer = featurizer
        self.d = parameters.config.dModel
        self.capacity = capacity
        scratch = Tensor(shape: [d])
    }

    /// Number of distinct words held.
    var count: Int { rows.count }

    /// Bytes held: the embedding rows plus an estimate of the word index (48 B per word).
    var residentBytes: Int { table.capacity * MemoryLayout<Float>.size + rows.count * 48 }

    /// x (T, d) = input embedding of `words[t]` + position embedding `positions[t]`.
    /// - Precondition: T ≤ capacity.
    func embed(_ words: ArraySlice<Word>, positions: [Int32], into x: UnsafeMutablePointer<Float>) {
        precondition(words.count == positions.count && words.count <= capacity, "one position per word, at most capacity words")
        let found = rows(of: words), position = parameters.positionEmbedding.pointer
        table.withUnsafeBufferPointer { table in
            for t in 0..<found.count {
                let source = table.baseAddress! + found[t] * d, target = x + t * d, p = position + Int(positions[t]) * d
                for i in 0..<d { target[i] = source[i] + p[i] }
            }
        }
    }

    /// The row of each word, adding the missing ones; starts over from an empty cache when
    /// they do not all fit.
    private func rows(of words: ArraySlice<Word>) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(words.count)
        for word in words {
            if let row = rows[word.text] {
                result.append(row)
            } else if rows.count < capacity {
                result.append(add(word.text))
            } else {
                rows.removeAll(keepingCapacity: true)
                table.removeAll(keepingCapacity: true)
                return rows(of: words)
            }
        }
        return result
    }

    /// Computes and appends the embedding of `text`; returns its row.
    private func add(_ text: String) -> Int {
        let row = rows.count
        table.append(contentsOf: repeatElement(0, count: d))
        table.withUnsafeMutableBufferPointer { table in
            parameters.embedWithoutPosition(featurizer.features(for: [text]), into: table.baseAddress! + row * d,
                                            scratch: scratch.pointer)
        }
        rows[text] = row
        return row
    }
}
