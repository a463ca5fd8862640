// Errors of the data layer (CoNLL reading/writing, synthetic generation): each case
// carries enough context (line number, document id, reason) to fix the input.

/// Errors raised while reading, writing or generating labeled documents.
public enum DataError: Error, Equatable, CustomStringConvertible {
    /// A CoNLL line has the wrong number of whitespace-separated columns.
    case malformedLine(line: Int, columns: Int, expected: Int, text: String)
    /// A CoNLL line's NER column is not `O`, `B-TYPE` or `I-TYPE`.
    case invalidTag(line: Int, tag: String)
    /// A document's words, labels and needsMemory arrays differ in length.
    case lengthMismatch(document: String, words: Int, labels: Int)
    /// Predictions were supplied for a different number of documents.
    case documentCountMismatch(expected: Int, actual: Int)
    /// A file could not be read or written.
    case io(path: String, reason: String)
    /// The synthetic task configuration is inconsistent.
    case invalidSyntheticConfig(reason: String)
    /// A word-vector file (GloVe text format) has a malformed line.
    case malformedVectors(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .malformedLine(let line, let columns, let expected, let text):
            "line \(line): expected \(expected) columns, found \(columns): \"\(text)\""
        case .invalidTag(let line, let tag):
            "line \(line): invalid NER tag \"\(tag)\" (expected O, B-TYPE or I-TYPE)"
        case .lengthMismatch(let document, let words, let labels):
            "document \(document): \(words) words but \(labels) labels"
        case .documentCountMismatch(let expected, let actual):
            "expected predictions for \(expected) documents, got \(actual)"
        case .io(let path, let reason):
            "\(path): \(reason)"
        case .invalidSyntheticConfig(let reason):
            "invalid synthetic task configuration: \(reason)"
        case .malformedVectors(let path, let line, let reason):
            "\(path):\(line): \(reason) (expected \"word v1 … vD\", as written by scripts/fetch-glove.sh)"
        }
    }
}
