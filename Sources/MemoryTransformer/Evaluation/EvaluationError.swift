// Errors of the evaluation layer: predictions that do not line up with the gold data.

/// Errors raised while scoring predictions.
public enum EvaluationError: Error, Equatable, CustomStringConvertible {
    /// Predictions were supplied for a different number of documents.
    case documentCountMismatch(expected: Int, actual: Int)
    /// A document's words, gold tags and predicted tags differ in length.
    case lengthMismatch(document: String, words: Int, gold: Int, predicted: Int)
    /// A memory control was asked of a variant whose final labels read no global memory.
    case controlNeedsGlobalMemory(control: String, variant: String)

    public var description: String {
        switch self {
        case .documentCountMismatch(let expected, let actual):
            "expected predictions for \(expected) documents, got \(actual)"
        case .lengthMismatch(let document, let words, let gold, let predicted):
            "document \(document): \(words) words, \(gold) gold tags, \(predicted) predicted tags"
        case .controlNeedsGlobalMemory(let control, let variant):
            "memory control \(control) changes pass 2's memory, and the \(variant) variant's final labels read none (use learned, attention or strided)"
        }
    }
}
