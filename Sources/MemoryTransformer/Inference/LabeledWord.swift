// A word with its predicted label: what inference returns for every word.
import Foundation

/// One word's prediction.
public struct LabeledWord: Codable, Sendable, Equatable {
    /// The word and its Unicode-scalar offsets in the document.
    public var word: Word
    /// Index into the model's labels.
    public var labelID: Int
    /// Softmax probability of that label.
    public var probability: Float

    public init(word: Word, labelID: Int, probability: Float) {
        self.word = word
        self.labelID = labelID
        self.probability = probability
    }
}

extension ChunkPass {
    /// Argmax label and its probability for each of the chunk's words.
    public func predictions(for words: [Word]) -> [LabeledWord] {
        let K = logits.shape[1]
        return words.indices.map { t in
            let row = logits.pointer + t * K
            var best = 0
            for j in 1..<K where row[j] > row[best] { best = j }
            var sum: Float = 0
            for j in 0..<K { sum += expf(row[j] - row[best]) }
            return LabeledWord(word: words[t], labelID: best, probability: 1 / sum)
        }
    }
}
