// Words → WordFeatures: vocabulary ids, FNV-1a hashed character n-grams (fastText style,
// on the lowercased word wrapped in < >; optionally also on the word as written, when it
// has a capital, hashed apart) and shapes. Linear in the total number of characters; holds
// no tables of its own besides the vocabulary.

/// Turns words into the integer features the embedding layer reads.
public struct Featurizer: Sendable {
    /// Largest number of n-grams kept per word (the whole word first, then by length, then position).
    public static let maxNgramsPerWord = 64

    public let vocabulary: Vocabulary
    public let ngramBuckets: Int
    public let ngramMin: Int
    public let ngramMax: Int
    /// Whether a word that lowercasing changes also gets its n-grams as written (`ModelConfig.casedNgrams`).
    public let cased: Bool

    /// Requires `ngramBuckets > 0` and `1 <= ngramMin <= ngramMax` (as `ModelConfig.validate` checks).
    public init(vocabulary: Vocabulary, ngramBuckets: Int, ngramMin: Int, ngramMax: Int, cased: Bool = false) {
        precondition(ngramBuckets > 0, "ngramBuckets must be positive")
        precondition(ngramMin >= 1 && ngramMax >= ngramMin, "bad n-gram range \(ngramMin)...\(ngramMax)")
        self.vocabulary = vocabulary
        self.ngramBuckets = ngramBuckets
        self.ngramMin = ngramMin
        self.ngramMax = ngramMax
        self.cased = cased
    }

    /// Features of `words`, in order.
    public func features(for words: [String]) -> WordFeatures {
        var wordIDs: [Int32] = [], shapeIDs: [Int32] = [], offsets: [Int32] = [0], buckets: [Int32] = []
        wordIDs.reserveCapacity(words.count)
        shapeIDs.reserveCapacity(words.count)
        offsets.reserveCapacity(words.count + 1)
        buckets.reserveCapacity(words.count * 8)
        var scratch = Scratch()
        for word in words {
            wordIDs.append(vocabulary.id(for: word))
            shapeIDs.append(Int32(WordShape(of: word).rawValue))
            appendNgrams(of: word, to: &buckets, scratch: &scratch)
            offsets.append(Int32(buckets.count))
        }
        return WordFeatures(wordIDs: wordIDs, ngramOffsets: offsets, ngramBuckets: buckets, shapeIDs: shapeIDs)
    }

    /// Bucket ids of `word`'s n-grams, in generation order: the whole wrapped word
    /// "<word>", then every n-gram of length ngramMin...ngramMax by length then start, all
    /// lowercased (at most `maxNgramsPerWord`); with `cased`, when lowercasing changes the
    /// word, the same list again for the word as written, each hashed after a 0x01 byte.
    public func ngrams(of word: String) -> [Int32] {
        var buckets: [Int32] = []
        var scratch = Scratch()
        appendNgrams(of: word, to: &buckets, scratch: &scratch)
        return buckets
    }

    /// Buffers reused from word to word.
    private struct Scratch {
        var bytes: [UInt8] = []
        var starts: [Int] = []  // byte offset of each scalar, plus the end
    }

    private func appendNgrams(of word: String, to buckets: inout [Int32], scratch: inout Scratch) {
        let lowercased = word.lowercased()
        appendNgrams(ofWrapped: lowercased, basis: FNV1a.offsetBasis, to: &buckets, scratch: &scratch)
        if cased && lowercased != word {
            appendNgrams(ofWrapped: word, basis: FNV1a.casedBasis, to: &buckets, scratch: &scratch)
        }
    }

    /// Appends the n-grams of "<text>", hashed from `basis`.
    private func appendNgrams(ofWrapped text: String, basis: UInt64, to buckets: inout [Int32], scratch: inout Scratch) {
        scratch.bytes.removeAll(keepingCapacity: true)
        scratch.starts.removeAll(keepingCapacity: true)
        scratch.bytes.append(UInt8(ascii: "<"))
        scratch.bytes.append(contentsOf: text.utf8)
        scratch.bytes.append(UInt8(ascii: ">"))
        for (offset, byte) in scratch.bytes.enumerated() where byte & 0xC0 != 0x80 {
            scratch.starts.append(offset)  // not a UTF-8 continuation byte: a scalar starts here
        }
        scratch.starts.append(scratch.bytes.count)
        let length = scratch.starts.count - 1
        let modulus = UInt64(ngramBuckets)
        buckets.append(Int32(FNV1a.hash(scratch.bytes[...], from: basis) % modulus))
        var emitted = 1
        var n = ngramMin
        while n <= min(ngramMax, length) && emitted < Self.maxNgramsPerWord {
            var start = 0
            while start + n <= length && emitted < Self.maxNgramsPerWord {
                let slice = scratch.bytes[scratch.starts[start]..<scratch.starts[start + n]]
                buckets.append(Int32(FNV1a.hash(slice, from: basis) % modulus))
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

    /// The state after hashing the single byte 0x01: cased n-grams start here, so they
    /// hash as `[0x01] + bytes`, apart from the lowercased ones (a bucket may still collide).
    public static let casedBasis: UInt64 = (offsetBasis ^ 0x01) &* prime

    /// Hash of `bytes`, continuing from `basis` (the offset basis: a plain FNV-1a hash).
    public static func hash(_ bytes: ArraySlice<UInt8>, from basis: UInt64 = offsetBasis) -> UInt64 {
        var h = basis
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* prime
        }
        return h
    }
}
