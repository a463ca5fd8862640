// x₀ without its position: each word's vocabulary row, its n-gram bag and its shape row,
// summed in that order. ChunkPass adds the position embedding; InputEmbeddingCache keeps
// the result per distinct word. One function, so both paths round alike.
import Kernels

extension ModelParameters {
    /// out (T, d) = (word + n-gram bag) + shape embeddings of `f`'s T words, no position.
    /// `scratch` (T, d) is overwritten.
    func embedWithoutPosition(_ f: WordFeatures, into out: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let T = f.count, d = config.dModel
        f.wordIDs.withUnsafeBufferPointer { ids in
            embeddingForward(out: out, ids: ids.baseAddress!, table: wordEmbedding.pointer, T: T, C: d)
        }
        f.ngramOffsets.withUnsafeBufferPointer { offsets in
            f.ngramBuckets.withUnsafeBufferPointer { buckets in
                embeddingBagForward(out: scratch, offsets: offsets.baseAddress!, buckets: buckets.baseAddress ?? offsets.baseAddress!,
                                    table: ngramEmbedding.pointer, T: T, C: d)
            }
        }
        residualForward(out: out, a: out, b: scratch, N: T * d)
        f.shapeIDs.withUnsafeBufferPointer { ids in
            embeddingForward(out: scratch, ids: ids.baseAddress!, table: shapeEmbedding.pointer, T: T, C: d)
        }
        residualForward(out: out, a: out, b: scratch, N: T * d)
    }
}
