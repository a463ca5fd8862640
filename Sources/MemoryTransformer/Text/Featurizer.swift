// Words → WordFeatures: vocabulary ids, FNV-1a hashed character n-grams (fastText style,
// on the lowercased word wrapped in < >) and shapes. Linear in the total number of
// characters; holds no tables of its own besides the vocabulary.

/// Turns words into the integer features the embedding layer reads.
public struct Featurizer: Sendable {
    /// Largest number of n-grams kept per word (the whole word first, then by length, then position).
    public static let maxNgramsPerWord = 64

    public let vocabulary: Vocabulary
    public let ngramBuckets: Int
    public let ngramMin: Int
    public let ngramMax: Int

    /// Requires `ngramBuckets > 0` and `1 <= ngramMin <= ngramMax` (as `ModelConfig.validate` checks).
    public init(vocabulary: Vocabulary, ngramBuckets: Int, ngramMin: Int, ngramMax: Int) {
        precondition(ngramBuckets > 0, "ngramBuckets must be positive")
        precondition(ngramMin >= 1 && ngramMax >= ngramMin, "bad n-gram range \(ngramMin)...\(ngramMax)")
        self.vocabulary = vocabulary
        self.ngramBuckets = ngramBuckets
        self.ngramMin = ngramMin
        self.ngramMax = ngramMax
    }

    /// Features of `words`, in order.
    public func features(for words: [String]) -> WordFeatures {
        var wordIDs: [Int32] = [], shapeIDs: [Int32] = [], offsets: [Int32] = [0], buckets: [Int32] = []
        wordIDs.reserveCapacity(words.count)
        shapeIDs.reserveCapacity(words.count)
        offsets.reserveCapacity(words.count + 1)
        buckets.reserveCapacity(words.count * 8)
        for word in words {
            wordIDs.append(vocabulary.id(for: word))
            shapeIDs.append(Int32(WordShape(of: word).rawValue))
            appendNgrams(of: word, to: &buckets)
            offsets.append(Int32(buckets.count))
        }
        return WordFeatures(wordIDs: wordIDs, ngramOffsets: offsets, ngramBuckets: buckets, shapeIDs: shapeIDs)
    }

    /// Bucket ids of `word`'s n-grams, in generation order: the whole wrapped word
    /// "<word>", then every n-gram of length ngramMin...ngramMax by length then start.
    public func ngrams(of word: String) -> [Int32] {
        var buckets: [Int32] = []
        appendNgrams(of: word, to: &buckets)
        return buckets
    }

    private func appendNgrams(of word: String, to buckets: inout [Int32]) {
        let wrapped = "<" + word.lowercased() + ">"
        let bytes = Array(wrapped.utf8)
        var starts: [Int] = [0]  // byte offset of each scalar, plus the end
        starts.reserveCapacity(bytes.count + 1)
        for scalar in wrapped.unicodeScalars { starts.append(starts.last! + UTF8.width(scalar)) }
        let length = starts.count - 1
        let modulus = UInt64(ngramBuckets)
        var emitted = 1
        buckets.append(Int32(FNV1a.hash(bytes[...]) % modulus))
        var n = ngramMin
        while n <= min(ngramMax, length) && emitted < Self.maxNgramsPerWord {
            var start = 0
            while start + n <= length && emitted < Self.maxNgramsPerWord {
                buckets.append(Int32(FNV1a.hash(bytes[starts[start]..<starts[start + n]]) % modulus))
                emitted += 1
                start += 1
            }
            n += 1
        }
    }
}

/// FNV-1a, 64-bit: the n-gram hash (stable across runs and platforms, unlike `Hasher`).
public enum FNV1a {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// Hash of `bytes`.
    public static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h = offsetBasis
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* prime
        }
        return h
    }
}
