// Word-level accuracy for the synthetic long-range task, split by whether the label
// needs memory, so a model that only reads its chunk shows up as a gap between buckets.

/// Correct / total of one bucket of words; accuracy is 0 when the bucket is empty.
public struct AccuracyCount: Codable, Sendable, Equatable {
    public var correct: Int = 0
    public var total: Int = 0

    public init(correct: Int = 0, total: Int = 0) {
        self.correct = correct
        self.total = total
    }

    /// correct / total (0 for an empty bucket).
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    mutating func add(_ isCorrect: Bool) {
        total += 1
        if isCorrect { correct += 1 }
    }
}

/// Word-level accuracy buckets. A word is correct when its predicted tag equals its gold tag.
public struct TokenAccuracy: Codable, Sendable, Equatable {
    /// Every word.
    public var all = AccuracyCount()
    /// Words with `needsMemory == true`.
    public var memory = AccuracyCount()
    /// "Local entity words": `needsMemory == false` and gold label ≠ `O`.
    public var localEntity = AccuracyCount()
    /// Words whose gold label ≠ `O`.
    public var entity = AccuracyCount()

    public init() {}

    /// Adds one document. Throws `EvaluationError.lengthMismatch` if `predicted` does not
    /// have one tag per word.
    public mutating func add(document: LabeledDocument, predicted: [String]) throws {
        guard predicted.count == document.count, document.labels.count == document.count,
              document.needsMemory.count == document.count else {
            throw EvaluationError.lengthMismatch(
                document: document.id, words: document.count,
                gold: document.labels.count, predicted: predicted.count)
        }
        for i in 0..<document.count {
            let gold = document.labels[i]
            let isCorrect = predicted[i] == gold
            all.add(isCorrect)
            if document.needsMemory[i] { memory.add(isCorrect) }
            if gold != "O" {
                entity.add(isCorrect)
                if !document.needsMemory[i] { localEntity.add(isCorrect) }
            }
        }
    }

    /// Measures `predictions[i]` against `documents[i]` for every document.
    public static func measure(documents: [LabeledDocument], predictions: [[String]]) throws -> TokenAccuracy {
        guard documents.count == predictions.count else {
            throw EvaluationError.documentCountMismatch(expected: documents.count, actual: predictions.count)
        }
        var result = TokenAccuracy()
        for (document, predicted) in zip(documents, predictions) {
            try result.add(document: document, predicted: predicted)
        }
        return result
    }
}
