// JSON shapes of POST /v1/label: request documents (raw text or pre-split words, alone
// or in a batch), word items and entity spans (also used by the session routes), and
// spaCy's displaCy format. The default answer is written by LabelledDocumentJSON.

import MemoryTransformer

/// One document in a request: exactly one of `text` and `words`.
struct DocumentInput: RequestObject, Sendable {
    let text: String?
    let words: [String]?

    static let fields: Set<String> = ["text", "words"]
}

/// The body of POST /v1/label: a document, or `documents` for a batch.
struct LabelRequest: RequestObject, Sendable {
    let text: String?
    let words: [String]?
    let documents: [DocumentInput]?

    static let fields: Set<String> = ["text", "words", "documents"]
    static var nested: [String: any RequestObject.Type] { ["documents": DocumentInput.self] }
}

/// One labelled word; `index` (its position in the document) is given by session routes.
struct WordOutput: Encodable {
    var index: Int? = nil
    let word: String
    let label: String
    let score: Float
    let start: Int
    let end: Int
}

/// One entity span (BIO tags merged).
struct EntityOutput: Encodable {
    let text: String
    let label: String
    /// Mean of its words' label probabilities.
    let score: Float
    let start: Int
    let end: Int
}

/// displaCy's format: `{text, ents: [{start, end, label}]}`.
struct SpacyDocument: Encodable {
    struct Entity: Encodable {
        let start: Int
        let end: Int
        let label: String
    }
    let text: String
    let ents: [Entity]
}

/// Response of a batch request.
struct BatchOutput<Document: Encodable>: Encodable {
    let documents: [Document]
}

extension WordOutput {
    init(_ labelled: LabeledWord, index: Int? = nil, labels: [String]) {
        self.init(index: index, word: labelled.word.text, label: labels[labelled.labelID], score: labelled.probability,
                  start: labelled.word.start, end: labelled.word.end)
    }
}

extension EntityOutput {
    init(_ entity: LabeledEntity) {
        self.init(text: entity.text, label: entity.label, score: entity.score, start: entity.start, end: entity.end)
    }
}
