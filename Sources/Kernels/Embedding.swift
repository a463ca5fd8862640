// Embedding lookups: a plain table lookup (word ids) and a bag of hashed character
// n-grams (fastText style), summed per word and scaled by 1/√count. Backward writes only touched rows
// (a sparse gradient into a dense buffer).

/// out (T, C) = table[ids[t]] for each t; ids index rows of table (V, C).
public func embeddingForward(
    out: UnsafeMutablePointer<Float>, ids: UnsafePointer<Int32>, table: UnsafePointer<Float>,
    T: Int, C: Int
) {
    for t in 0..<T { (out + t * C).update(from: table + Int(ids[t]) * C, count: C) }
}

/// Accumulates dTable[ids[t]] (C) += dOut[t] (C): only rows in `ids` change.
public func embeddingBackward(
    dTable: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>, ids: UnsafePointer<Int32>,
    T: Int, C: Int
) {
    for t in 0..<T {
        let row = dTable + Int(ids[t]) * C, g = dOut + t * C
        for i in 0..<C { row[i] += g[i] }
    }
}

/// Bag of hashed n-grams: out[t] (C) = Σ_b table[b] / √n over the n buckets
/// b in buckets[offsets[t]..<offsets[t+1]] of table (B, C). The 1/√n scale (not 1/n)
/// keeps the bag as large as one row for random rows, so a rare word's identity is not
/// drowned by the shared embeddings. A word with no buckets gets zeros. offsets has T + 1 entries.
public func embeddingBagForward(
    out: UnsafeMutablePointer<Float>, offsets: UnsafePointer<Int32>,
    buckets: UnsafePointer<Int32>, table: UnsafePointer<Float>, T: Int, C: Int
) {
    for t in 0..<T {
        let o = out + t * C
        o.update(repeating: 0, count: C)
        let start = Int(offsets[t]), end = Int(offsets[t + 1])
        guard end > start else { continue }
        for j in start..<end {
            let row = table + Int(buckets[j]) * C
            for i in 0..<C { o[i] += row[i] }
        }
        let inverse = 1 / Float(end - start).squareRoot()
        for i in 0..<C { o[i] *= inverse }
    }
}

/// Accumulates dTable[b] (C) += dOut[t] / √count(t) for every bucket b of word t.
public func embeddingBagBackward(
    dTable: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>,
    offsets: UnsafePointer<Int32>, buckets: UnsafePointer<Int32>, T: Int, C: Int
) {
    for t in 0..<T {
        let start = Int(offsets[t]), end = Int(offsets[t + 1])
        guard end > start else { continue }
        let inverse = 1 / Float(end - start).squareRoot(), g = dOut + t * C
        for j in start..<end {
            let row = dTable + Int(buckets[j]) * C
            for i in 0..<C { row[i] += g[i] * inverse }
        }
    }
}
