// Reads CoNLL-2003 files ("word POS chunk NER" per line, blank lines between sentences,
// "-DOCSTART- -X- -X- O" starting each document) into one LabeledDocument per document,
// converting the IOB1 tags of the original release to BIO2 sentence by sentence.
import Foundation

/// Parser for CoNLL-2003 style column files.
public struct ConllReader: Sendable {
    /// Columns every non-blank line must have (4 for CoNLL-2003 English). The word is the
    /// first column and the NER tag the last.
    public var expectedColumns: Int
    /// Prefix of generated document ids: `"\(idPrefix)-\(index)"`.
    public var idPrefix: String
    /// Convert IOB1 to BIO2 (idempotent on BIO2 input).
    public var convertToBIO2: Bool

    public init(expectedColumns: Int = 4, idPrefix: String = "conll", convertToBIO2: Bool = true) {
        self.expectedColumns = expectedColumns
        self.idPrefix = idPrefix
        self.convertToBIO2 = convertToBIO2
    }

    /// Reads the file at `url`; see `read(text:)`.
    public func read(contentsOf url: URL) throws -> [LabeledDocument] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw DataError.io(path: url.path, reason: "\(error.localizedDescription)")
        }
        return try read(text: text)
    }

    /// Parses CoNLL text into documents, one per `-DOCSTART-` block (sentences concatenated).
    /// Sentences before the first `-DOCSTART-` form a document of their own; empty
    /// documents are dropped. Throws `DataError.malformedLine` / `.invalidTag` with the
    /// 1-based line number.
    public func read(text: String) throws -> [LabeledDocument] {
        var documents: [LabeledDocument] = []
        var words: [String] = []
        var labels: [String] = []
        var sentenceLabels: [String] = []

        func endSentence() {
            labels += convertToBIO2 ? BIOTags.iob1ToBIO2(sentenceLabels) : sentenceLabels
            sentenceLabels.removeAll()
        }
        func endDocument() {
            endSentence()
            if !words.isEmpty {
                documents.append(LabeledDocument(
                    id: "\(idPrefix)-\(documents.count)", words: words, labels: labels))
            }
            words.removeAll()
            labels.removeAll()
        }

        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let columns = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if columns.isEmpty { endSentence(); continue }
            if columns[0] == "-DOCSTART-" { endDocument(); continue }
            guard columns.count == expectedColumns else {
                throw DataError.malformedLine(
                    line: lineNumber, columns: columns.count, expected: expectedColumns,
                    text: String(rawLine))
            }
            let tag = String(columns[columns.count - 1])
            guard BIOTags.parse(tag) != nil else {
                throw DataError.invalidTag(line: lineNumber, tag: tag)
            }
            words.append(String(columns[0]))
            sentenceLabels.append(tag)
        }
        endDocument()
        return documents
    }
}
