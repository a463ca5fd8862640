// POST /v1/label: validates the request at the edge, turns it into words, lets the
// labelling service run both passes, and shapes the answer. Nothing is truncated: a
// document over the word limit is refused with the actual and allowed counts.
import Foundation
import Hummingbird
import MemoryTransformer

/// Routes for labelling whole documents.
struct LabelController: Sendable {
    typealias Context = MemtxRequestContext
    let service: LabelingService
    let configuration: ServerConfiguration

    /// The routes, relative to /v1.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("label", use: label)
        return routes
    }

    /// Labels one document or a batch; `?format=spacy` answers in displaCy's format.
    @Sendable func label(_ request: Request, context: Context) async throws -> Response {
        let format = request.uri.queryParameters["format"].map(String.init) ?? "json"
        guard format == "json" || format == "spacy" else {
            throw APIError(.invalidFormat, "format must be json or spacy, not \(format)")
        }
        let parsed = try await request.decode(as: LabelRequest.self, context: context)
        let (inputs, isBatch) = try Self.documents(of: parsed, maxDocuments: configuration.limits.maxDocumentsPerBatch)
        let prepared = try inputs.enumerated().map { index, input in try prepare(input, index: index) }
        let (labelled, modelTime) = try await service.label(prepared.map(\.words))
        let labels = service.model.config.labels
        var response: Response
        if format == "spacy" {
            let documents = zip(prepared, labelled).map { Self.spacy($0.text, $1, labels: labels) }
            response = isBatch ? try JSONResponse.make(BatchOutput(documents: documents)) : try JSONResponse.make(documents[0])
        } else {
            let documents = zip(prepared, labelled).map { (text: $0.text, labelled: $1) }
            response = JSONResponse.make(bytes: LabelledDocumentJSON.write(documents, labels: labels, batch: isBatch))
        }
        // The model's own time, so a client (and bench-http) can tell it from the rest of the latency.
        response.headers[.serverTiming] = ServerTiming.model(modelTime)
        return response
    }

    /// The request's documents and whether it was a batch.
    static func documents(of request: LabelRequest, maxDocuments: Int) throws -> ([DocumentInput], Bool) {
        let single = request.text != nil || request.words != nil
        switch (single, request.documents) {
        case (true, nil):
            return ([DocumentInput(text: request.text, words: request.words)], false)
        case (false, let documents?):
            guard !documents.isEmpty else {
                throw APIError(.emptyBatch, "documents is empty")
            }
            guard documents.count <= maxDocuments else {
                throw APIError(.batchTooLarge, "\(documents.count) documents in one batch; at most \(maxDocuments)",
                               details: ["actual": documents.count, "allowed": maxDocuments])
            }
            return (documents, true)
        default:
            throw APIError(.invalidRequest, "give either text or words for one document, or documents for a batch")
        }
    }

    /// Words (with offsets) and text of one document, validated.
    func prepare(_ input: DocumentInput, index: Int) throws -> (words: [Word], text: String) {
        let words: [Word], text: String
        switch try TextOrWords(text: input.text, words: input.words, place: "document \(index): ") {
        case .text(let raw):
            words = Tokenizer().tokenize(raw)
            text = raw
        case .words(let given):
            do { words = try Tokenizer().tokenize(words: given) } catch {
                throw APIError(.invalidWords, "document \(index): \(error)")
            }
            text = given.joined(separator: " ")
        }
        guard !words.isEmpty else {
            throw APIError(.emptyDocument, "document \(index) has no words to label")
        }
        guard words.count <= configuration.limits.maxWordsPerDocument else {
            throw APIError(.documentTooLong, "document \(index) has \(words.count) words; at most \(configuration.limits.maxWordsPerDocument)",
                           details: ["actual": words.count, "allowed": configuration.limits.maxWordsPerDocument])
        }
        return (words, text)
    }

    static func spacy(_ text: String, _ labelled: [LabeledWord], labels: [String]) -> SpacyDocument {
        let ents = LabeledEntity.extract(from: labelled, labels: labels, text: text).map {
            SpacyDocument.Entity(start: $0.start, end: $0.end, label: $0.label)
        }
        return SpacyDocument(text: text, ents: ents)
    }
}
