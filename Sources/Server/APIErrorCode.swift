// Every error code the API answers with: one closed list, each code with its HTTP status
// and a default message. `openapi.yaml` documents the same list (the Error schema's
// `code` enum); a test holds the two equal.
import Hummingbird

/// A stable, machine-readable error code and the HTTP status it is always answered with.
public enum APIErrorCode: String, CaseIterable, Sendable {
    // 400: the body cannot be read as the route's JSON.
    case malformedJSON = "malformed_json"
    case invalidUTF8 = "invalid_utf8"
    case malformedGzip = "malformed_gzip"
    case badRequest = "bad_request"
    // 401
    case unauthorized
    // 404
    case notFound = "not_found"
    case sessionNotFound = "session_not_found"
    // 405
    case methodNotAllowed = "method_not_allowed"
    // 408
    case requestTimeout = "request_timeout"
    // 409
    case sequenceGap = "sequence_gap"
    case sequenceConflict = "sequence_conflict"
    case sessionIncompatible = "session_incompatible"
    // 410
    case sessionExpired = "session_expired"
    // 413
    case bodyTooLarge = "body_too_large"
    case wordTooLong = "word_too_long"
    case lineTooLong = "line_too_long"
    // 415
    case unsupportedMediaType = "unsupported_media_type"
    case unsupportedContentEncoding = "unsupported_content_encoding"
    // 422: valid JSON with values the route refuses.
    case unknownField = "unknown_field"
    case nullField = "null_field"
    case invalidRequest = "invalid_request"
    case invalidFormat = "invalid_format"
    case invalidWords = "invalid_words"
    case invalidSeq = "invalid_seq"
    case invalidK = "invalid_k"
    case invalidQuery = "invalid_query"
    case invalidQueryText = "invalid_query_text"
    case invalidParameter = "invalid_parameter"
    case indexOutOfRange = "index_out_of_range"
    case offsetOutOfRange = "offset_out_of_range"
    case emptyDocument = "empty_document"
    case emptyChunk = "empty_chunk"
    case emptyBatch = "empty_batch"
    case batchTooLarge = "batch_too_large"
    case documentTooLong = "document_too_long"
    case chunkTooLong = "chunk_too_long"
    case sessionTooLong = "session_too_long"
    // 429
    case queueFull = "queue_full"
    case tooManySessions = "too_many_sessions"
    // 500
    case `internal`
    // 503
    case storageUnavailable = "storage_unavailable"
    case cancelled

    /// The status every response with this code carries.
    public var status: HTTPResponse.Status {
        switch self {
        case .malformedJSON, .invalidUTF8, .malformedGzip, .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .notFound, .sessionNotFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .requestTimeout: .requestTimeout
        case .sequenceGap, .sequenceConflict, .sessionIncompatible: .conflict
        case .sessionExpired: .gone
        case .bodyTooLarge, .wordTooLong, .lineTooLong: .contentTooLarge
        case .unsupportedMediaType, .unsupportedContentEncoding: .unsupportedMediaType
        case .unknownField, .nullField, .invalidRequest, .invalidFormat, .invalidWords, .invalidSeq, .invalidK,
             .invalidQuery, .invalidQueryText, .invalidParameter, .indexOutOfRange, .offsetOutOfRange,
             .emptyDocument, .emptyChunk, .emptyBatch, .batchTooLarge, .documentTooLong, .chunkTooLong,
             .sessionTooLong: .unprocessableContent
        case .queueFull, .tooManySessions: .tooManyRequests
        case .internal: .internalServerError
        case .storageUnavailable, .cancelled: .serviceUnavailable
        }
    }

    /// What the code means, used when the thrower has nothing more specific to say.
    public var defaultMessage: String {
        switch self {
        case .malformedJSON: "the body is not valid JSON for this route"
        case .invalidUTF8: "the body is not valid UTF-8"
        case .malformedGzip: "the gzip body cannot be inflated"
        case .badRequest: "the request cannot be read"
        case .unauthorized: "missing or unknown API key: send Authorization: Bearer <key>"
        case .notFound: "no such route"
        case .sessionNotFound: "no such session for this API key"
        case .methodNotAllowed: "this path does not take this method (see the Allow header)"
        case .requestTimeout: "the request did not arrive in time"
        case .sequenceGap: "a chunk arrived before the one expected"
        case .sequenceConflict: "this seq was already acknowledged with different content"
        case .sessionIncompatible: "the session was made by another checkpoint or storage format"
        case .sessionExpired: "the session expired after its idle time-out"
        case .bodyTooLarge: "the request body exceeds the limit (see GET /v1/model)"
        case .wordTooLong: "a streamed word exceeds the body limit"
        case .lineTooLong: "an NDJSON line exceeds the body limit"
        case .unsupportedMediaType: "this Content-Type is not accepted here"
        case .unsupportedContentEncoding: "this Content-Encoding is not supported; use gzip or identity"
        case .unknownField: "the body has a field this route does not know"
        case .nullField: "a field is null: leave it out instead"
        case .invalidRequest: "give exactly one of text and words"
        case .invalidFormat: "unknown format"
        case .invalidWords: "the words cannot be used as given"
        case .invalidSeq: "seq must be 0 or more"
        case .invalidK: "k is out of range"
        case .invalidQuery: "the query is incomplete"
        case .invalidQueryText: "the query text has too few or too many words"
        case .invalidParameter: "a query parameter is invalid"
        case .indexOutOfRange: "the index is not a word of the session"
        case .offsetOutOfRange: "the offset is beyond the session's words"
        case .emptyDocument: "the document has no words to label"
        case .emptyChunk: "the chunk has no words"
        case .emptyBatch: "documents is empty"
        case .batchTooLarge: "too many documents in one batch"
        case .documentTooLong: "the document has too many words"
        case .chunkTooLong: "the chunk has too many words"
        case .sessionTooLong: "the session would hold too many words"
        case .queueFull: "too many requests are waiting for the model; retry shortly"
        case .tooManySessions: "the server holds its maximum number of sessions"
        case .internal: "internal error"
        case .storageUnavailable: "the session store failed, nothing was changed"
        case .cancelled: "the request was cancelled (its client went away) before the model ran"
        }
    }
}
