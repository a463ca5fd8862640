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

extension LabelDecoder {
    /// The labels of a chunk's words from its forward pass.
    public func decode(_ words: [Word], pass: ChunkPass) -> [LabeledWord] {
        decode(logits: pass.logits.pointer, words: words[...])
    }
}
