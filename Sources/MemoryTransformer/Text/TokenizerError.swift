// Errors of the tokenizer: only pre-split input can be invalid (raw text always tokenizes).

/// Errors raised by `Tokenizer.tokenize(words:)` for invalid pre-split words.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// The word at `index` is the empty string.
    case emptyWord(index: Int)
    /// The word at `index` contains a whitespace scalar, so it is not one word.
    case whitespaceInWord(index: Int, word: String)

    public var description: String {
        switch self {
        case .emptyWord(let index): "word \(index) is empty"
        case .whitespaceInWord(let index, let word): "word \(index) contains whitespace: \(word.debugDescription)"
        }
    }
}
