// Writes documents back to CoNLL column format: "word gold pred" lines that the
// conlleval script reads directly, or gold-only 4-column lines that ConllReader reads.
import Foundation

/// Serialiser for CoNLL column files.
public enum ConllWriter {
    /// conlleval input: each document starts with `-DOCSTART- O O` and a blank line,
    /// then one `word gold pred` line per word; documents are separated by blank lines.
    /// Throws `DataError.documentCountMismatch` / `.lengthMismatch` when the predictions
    /// do not line up with the documents.
    public static func conllevalText(documents: [LabeledDocument], predictions: [[String]]) throws -> String {
        guard documents.count == predictions.count else {
            throw DataError.documentCountMismatch(expected: documents.count, actual: predictions.count)
        }
        var out = ""
        for (document, predicted) in zip(documents, predictions) {
            try document.validate()
            guard predicted.count == document.count else {
                throw DataError.lengthMismatch(
                    document: document.id, words: document.count, labels: predicted.count)
            }
            out += "-DOCSTART- O O\n\n"
            for i in 0..<document.count {
                out += "\(document.words[i]) \(document.labels[i]) \(predicted[i])\n"
            }
            out += "\n"
        }
        return out
    }

    /// Gold-only CoNLL-2003 text (`word -X- -X- tag`), readable by `ConllReader`. Sentence
    /// boundaries are not stored in `LabeledDocument`, so each document is one sentence.
    public static func goldText(documents: [LabeledDocument]) throws -> String {
        var out = ""
        for document in documents {
            try document.validate()
            out += "-DOCSTART- -X- -X- O\n\n"
            for i in 0..<document.count {
                out += "\(document.words[i]) -X- -X- \(document.labels[i])\n"
            }
            out += "\n"
        }
        return out
    }

    /// Writes `conllevalText` to `url`.
    public static func writeConlleval(documents: [LabeledDocument], predictions: [[String]], to url: URL) throws {
        let text = try conllevalText(documents: documents, predictions: predictions)
        do { try text.write(to: url, atomically: true, encoding: .utf8) } catch {
            throw DataError.io(path: url.path, reason: "\(error.localizedDescription)")
        }
    }
}
