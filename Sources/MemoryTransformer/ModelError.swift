// Errors of the model module: each case names what went wrong and where.

/// Errors raised while loading, validating or running a model.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// The configuration is inconsistent.
    case invalidConfig(reason: String)
    /// A document has no words to label.
    case emptyDocument

    public var description: String {
        switch self {
        case .invalidConfig(let reason): "invalid model configuration: \(reason)"
        case .emptyDocument: "the document has no words"
        }
    }
}
