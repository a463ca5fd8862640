// Word dropout, a training-only regulariser on the inputs: with probability p a word is
// made to look unseen: its vocabulary id becomes `<unk>` and its whole-word n-gram
// (the first bucket, "<word>") is removed, so only its character n-grams, its shape
// and its context remain. The forward pass itself is unchanged; inference never drops.
import Kernels

/// Replaces words by "unknown" with probability `rate`.
public struct WordDropout: Sendable {
    public let rate: Float

    public init(rate: Float) { self.rate = rate }

    /// A copy of `features` with each word dropped with probability `rate`.
    public func apply(to features: WordFeatures, generator: inout SeededGenerator) -> WordFeatures {
        guard rate > 0 else { return features }
        var ids = features.wordIDs, offsets: [Int32] = [0], buckets: [Int32] = []
        buckets.reserveCapacity(features.ngramBuckets.count)
        for t in 0..<features.count {
            let ngrams = features.ngrams(ofWord: t)
            if generator.nextUniform() < rate {
                ids[t] = Vocabulary.unknownID
                buckets += ngrams.dropFirst()
            } else {
                buckets += ngrams
            }
            offsets.append(Int32(buckets.count))
        }
        return WordFeatures(wordIDs: ids, ngramOffsets: offsets, ngramBuckets: buckets, shapeIDs: features.shapeIDs)
    }
}
