// What a training run derives from its documents: the label set, the vocabulary, and a
// reproducible document order (one seeded shuffle per epoch, so a resumed run sees the
// same documents at the same steps).
import Kernels

/// Label set and vocabulary of a training set.
public enum TrainingData {
    /// "O" first, then every other label found, sorted.
    public static func labels(of documents: [LabeledDocument]) -> [String] {
        var labels = Set(documents.flatMap(\.labels))
        labels.remove("O")
        return ["O"] + labels.sorted()
    }

    /// Words found in at least `minDocuments` documents (document frequency, so a name
    /// repeated inside one document does not earn an embedding row of its own).
    public static func vocabulary(of documents: [LabeledDocument], minDocuments: Int) -> Vocabulary {
        var counts: [String: Int] = [:]
        for document in documents {
            for word in Set(document.words.map(Vocabulary.normalise)) { counts[word, default: 0] += 1 }
        }
        return Vocabulary.build(counts: counts, minCount: minDocuments, maxSize: 100_000)
    }
}

/// A reproducible order over the training documents: one seeded shuffle per epoch, so a
/// resumed run sees the same documents at the same steps.
public struct DocumentOrder: Sendable {
    public let count: Int
    public let seed: UInt64
    private var epoch = -1
    private var permutation: [Int] = []

    public init(count: Int, seed: UInt64) {
        self.count = count
        self.seed = seed
    }

    /// The document index used at position `i` of the run.
    public mutating func index(_ i: Int) -> Int {
        if i / count != epoch {
            epoch = i / count
            var generator = SeededGenerator(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9)
            permutation = Array(0..<count)
            permutation.shuffle(using: &generator)
        }
        return permutation[i % count]
    }
}
