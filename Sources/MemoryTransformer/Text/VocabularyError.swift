// Errors from reading a vocabulary file; each names the offending line (1-based).

/// Errors raised by `Vocabulary.init(text:)` and when decoding a `Vocabulary`.
public enum VocabularyError: Error, Equatable, CustomStringConvertible {
    /// Line 1 must be `<pad>` and line 2 `<unk>`; `found` is what was there (nil if missing).
    case missingSpecialWord(line: Int, expected: String, found: String?)
    /// `word` on `line` already appeared earlier.
    case duplicateWord(word: String, line: Int)
    /// `line` is empty (only a final newline is allowed).
    case emptyLine(line: Int)

    public var description: String {
        switch self {
        case .missingSpecialWord(let line, let expected, let found):
            "vocabulary line \(line) must be \(expected), found \(found.map { $0.debugDescription } ?? "end of file")"
        case .duplicateWord(let word, let line):
            "vocabulary line \(line) repeats \(word.debugDescription)"
        case .emptyLine(let line):
            "vocabulary line \(line) is empty"
        }
    }
}
