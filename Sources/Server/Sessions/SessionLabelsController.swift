// GET /v1/sessions/{id}/labels: the two-pass labels of everything appended so far, as
// the whole document labelled at once would get them. Paged (`offset`, `limit`) as
// JSON, or streamed as NDJSON (one word per line) with `format=ndjson` or
// `Accept: application/x-ndjson`; pass 2 runs only over the chunks a page needs, and
// a stream computes and sends a few chunks at a time.
import Foundation
import Hummingbird
import MemoryTransformer
import NIOCore

/// The session labels route.
struct SessionLabelsController: Sendable {
    typealias Context = MemtxRequestContext
    let sessions: SessionService
    let limits: ServiceLimits
    /// Default page size.
    let defaultLimit = 1_000
    /// Model chunks computed per step of an NDJSON stream.
    let chunksPerStreamStep = 16

    /// The routes, relative to /v1.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("sessions/{id}/labels", use: labels)
        return routes
    }

    @Sendable func labels(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let query = request.uri.queryParameters
        let format = query["format"].map(String.init)
            ?? ((request.headers[.accept] ?? "").contains("application/x-ndjson") ? "ndjson" : "json")
        guard format == "json" || format == "ndjson" else {
            throw APIError(.invalidFormat, "format must be json or ndjson, not \(format)")
        }
        let offset = try Self.integer(query["offset"], name: "offset", default: 0, range: 0...Int.max)
        let (session, done) = try await sessions.finished(id: id, owner: context.owner)
        let total = done.words.count
        guard offset <= total else {
            throw APIError(.offsetOutOfRange, "offset \(offset) is past the \(total) words of the session",
                           details: ["actual": offset, "allowed": total])
        }
        if format == "ndjson" { return stream(done, from: offset) }
        let limit = try Self.integer(query["limit"], name: "limit", default: defaultLimit, range: 1...limits.maxLabelsPageSize)
        let range = offset..<min(total, offset + limit)
        let labelled = try await sessions.compute.run { model in model.finalLabels(finished: done, words: range) }
        sessions.metrics?.wordsLabelled.increment(by: Int64(labelled.count))
        let labels = sessions.model.config.labels
        let window = labelled.isEmpty ? 0..<0 : labelled[0].word.start..<labelled[labelled.count - 1].word.end
        let entities = LabeledEntity.extract(from: labelled, labels: labels, text: session.text(scalars: window),
                                             textOffset: window.lowerBound).map(EntityOutput.init)
        return try JSONResponse.make(LabelsPage(
            offset: offset, limit: limit, total: total, nextOffset: range.upperBound < total ? range.upperBound : nil,
            words: labelled.enumerated().map { WordOutput($1, index: offset + $0, labels: labels) },
            entities: entities))
    }

    /// Every word from `offset` on, one JSON object per line, computed a few chunks at a time.
    private func stream(_ done: DocumentState, from offset: Int) -> Response {
        let sessions = self.sessions, labels = sessions.model.config.labels
        let step = chunksPerStreamStep * sessions.model.config.chunkSize
        let encoder = JSONResponse.encoder()
        let body = ResponseBody { writer in
            var start = offset
            while start < done.words.count {
                let range = start..<min(done.words.count, start + step)
                let labelled = try await sessions.compute.run { model in model.finalLabels(finished: done, words: range) }
                sessions.metrics?.wordsLabelled.increment(by: Int64(labelled.count))
                var buffer = ByteBuffer()
                for (index, word) in labelled.enumerated() {
                    buffer.writeBytes(try encoder.encode(WordOutput(word, index: start + index, labels: labels)))
                    buffer.writeInteger(UInt8(ascii: "\n"))
                }
                try await writer.write(buffer)
                start = range.upperBound
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson; charset=utf-8"], body: body)
    }

    /// An integer query parameter within `range` (422 otherwise).
    static func integer(_ raw: Substring?, name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let raw else { return value }
        guard let parsed = Int(raw), range.contains(parsed) else {
            throw APIError(.invalidParameter, "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), not \(raw)",
                           details: ["allowed_min": range.lowerBound, "allowed_max": range.upperBound])
        }
        return parsed
    }
}
