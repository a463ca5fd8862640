// POST /v1/sessions/{id}/stream: a long document uploaded in one request (chunked
// transfer encoding welcome), consumed as it arrives. Plain text is cut after its last
// ASCII whitespace into pieces of about `streamPieceBytes`, so no word is split; NDJSON
// gives one chunk per line ({"text": …} or {"words": […]}). Each piece is appended as a
// chunk with the next `seq` and acknowledged before the next is read: the server holds
// one piece of the upload at a time, never the whole of it.
import Foundation
import Hummingbird
import NIOCore

/// The streamed upload route.
struct StreamUploadController: Sendable {
    typealias Context = MemtxRequestContext
    let sessions: SessionService
    let limits: ServiceLimits
    /// Plain text is appended in pieces of about this many bytes.
    var pieceBytes: Int { limits.streamPieceBytes }

    /// The routes, relative to /v1.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("sessions/{id}/stream", use: upload)
        return routes
    }

    /// One NDJSON line.
    struct Line: RequestObject {
        let text: String?
        let words: [String]?

        static let fields: Set<String> = ["text", "words"]
    }

    /// What has been appended so far by this upload.
    struct Progress {
        var chunks = 0
        var words = 0
        var firstSeq: Int?
        var last: AppendOutcome?

        var details: [String: Int] { ["chunks_appended": chunks, "words_appended": words] }
    }

    @Sendable func upload(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let contentType = request.headers[.contentType] ?? ""
        let mediaType = JSONBody.mediaType(contentType)
        guard mediaType == "text/plain" || mediaType == "application/x-ndjson" else {
            throw APIError.unsupportedMediaType(contentType, expected: "text/plain or application/x-ndjson")
        }
        // The session must exist before anything is read.
        _ = try await sessions.snapshot(id: id, owner: context.owner)
        var progress = Progress()
        do {
            if mediaType == "text/plain" {
                try await uploadText(request.body, id: id, owner: context.owner, progress: &progress)
            } else {
                try await uploadLines(request.body, id: id, owner: context.owner, progress: &progress)
            }
        } catch let error as APIError {
            // What was acknowledged stays; the error says how much that was.
            throw APIError(error.code,
                           error.message + " (\(progress.chunks) chunks, \(progress.words) words of this upload were appended before it)",
                           details: error.details.merging(progress.details) { first, _ in first }, retryAfter: error.retryAfter,
                           headers: error.headers)
        }
        let session = try await sessions.snapshot(id: id, owner: context.owner)
        return try JSONResponse.make(StreamResponse(
            chunksAppended: progress.chunks, firstSeq: progress.firstSeq, lastSeq: progress.last?.seq,
            wordsAppended: progress.words, wordsTotal: session.state.words.count, chunksRead: session.state.chunksRead,
            memory: MemoryFill(size: session.state.memory.count, capacity: sessions.model.config.memorySize)))
    }

    /// Plain text: pieces end after their last ASCII whitespace (a UTF-8 boundary that
    /// never falls inside a word); the remainder waits for more bytes or the end.
    private func uploadText(_ body: RequestBody, id: String, owner: String, progress: inout Progress) async throws {
        var pending: [UInt8] = []
        for try await buffer in body {
            pending += buffer.readableBytesView
            while pending.count >= pieceBytes {
                guard let cut = pending.lastIndex(where: Self.isASCIIWhitespace) else {
                    guard pending.count <= limits.maxBodyBytes else {
                        throw APIError(.wordTooLong, "more than \(limits.maxBodyBytes) bytes without whitespace",
                                       details: ["allowed": limits.maxBodyBytes])
                    }
                    break
                }
                let piece = Array(pending[...cut])
                guard try await appendText(piece, id: id, owner: owner, progress: &progress) else { break }
                pending.removeFirst(cut + 1)
            }
        }
        if !pending.isEmpty { _ = try await appendText(pending, id: id, owner: owner, progress: &progress) }
    }

    /// Appends `bytes` as one chunk; false (nothing appended) when it holds no word yet.
    private func appendText(_ bytes: [UInt8], id: String, owner: String, progress: inout Progress) async throws -> Bool {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw APIError(.invalidUTF8, "the upload is not valid UTF-8")
        }
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { return false }
        try await append(.text(text), id: id, owner: owner, progress: &progress)
        return true
    }

    /// NDJSON: one chunk per non-empty line.
    private func uploadLines(_ body: RequestBody, id: String, owner: String, progress: inout Progress) async throws {
        var pending: [UInt8] = []
        var lineNumber = 0
        func consume(_ line: ArraySlice<UInt8>) async throws {
            lineNumber += 1
            guard line.contains(where: { !Self.isASCIIWhitespace($0) }) else { return }
            let parsed: Line
            do { parsed = try JSONBody.decode(Line.self, from: Data(line)) } catch let error as APIError {
                throw error.prefixed("line \(lineNumber): ")
            }
            let content = try TextOrWords(text: parsed.text, words: parsed.words, place: "line \(lineNumber): ")
            try await append(content, id: id, owner: owner, progress: &progress)
        }
        for try await buffer in body {
            pending += buffer.readableBytesView
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                try await consume(pending[..<newline])
                pending.removeFirst(newline + 1)
            }
            guard pending.count <= limits.maxBodyBytes else {
                throw APIError(.lineTooLong, "an NDJSON line exceeds \(limits.maxBodyBytes) bytes",
                               details: ["allowed": limits.maxBodyBytes])
            }
        }
        if !pending.isEmpty { try await consume(pending[...]) }
    }

    private func append(_ content: TextOrWords, id: String, owner: String, progress: inout Progress) async throws {
        let outcome = try await sessions.append(id: id, owner: owner, seq: nil, content: content)
        progress.chunks += 1
        progress.words += outcome.receipt.wordCount
        progress.firstSeq = progress.firstSeq ?? outcome.seq
        progress.last = outcome
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x0B
    }
}

