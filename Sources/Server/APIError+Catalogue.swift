// The API's errors by name: each case the brief lists, with its status, code and the
// numbers a client needs (actual and allowed values, seconds to wait).
import Foundation
import Hummingbird

extension APIError {
    static func queueFull(depth: Int) -> APIError {
        APIError(.tooManyRequests, code: "queue_full",
                 message: "\(depth) requests are already waiting for the model; retry shortly",
                 details: ["allowed": depth], retryAfter: 1)
    }

    static let unauthorized = APIError(
        .unauthorized, code: "unauthorized",
        message: "missing or unknown API key: send Authorization: Bearer <key>")

    static func unsupportedMediaType(_ given: String, expected: String) -> APIError {
        APIError(.unsupportedMediaType, code: "unsupported_media_type",
                 message: "send \(expected), not \(given)")
    }

    static func sequenceGap(expected: Int, actual: Int) -> APIError {
        APIError(.conflict, code: "sequence_gap",
                 message: "chunk seq \(actual) arrived but the next expected seq is \(expected)",
                 details: ["expected": expected, "actual": actual])
    }

    static func sequenceConflict(seq: Int) -> APIError {
        APIError(.conflict, code: "sequence_conflict",
                 message: "seq \(seq) was already acknowledged with different content")
    }

    /// The store's refusal as the API answers it.
    init(_ error: SessionStoreError) {
        switch error {
        case .notFound(let id):
            self.init(.notFound, code: "session_not_found", message: "no session \(id) for this API key")
        case .expired(let id, let at):
            self.init(.gone, code: "session_expired",
                      message: "session \(id) expired at \(at.formatted(.iso8601)) after its idle time-out")
        case .tooManySessions(let limit, let wait):
            self.init(.tooManyRequests, code: "too_many_sessions",
                      message: "the server holds its maximum of \(limit) sessions; retry in \(wait) s or delete one",
                      details: ["allowed": limit], retryAfter: wait)
        case .incompatible(let id, let reason):
            self.init(.conflict, code: "session_incompatible",
                      message: "session \(id) cannot be used by this server: \(reason)")
        case .storageFailure(let reason):
            self.init(.serviceUnavailable, code: "storage_unavailable",
                      message: "the session store failed, nothing was changed: \(reason)", retryAfter: 5)
        }
    }
}
