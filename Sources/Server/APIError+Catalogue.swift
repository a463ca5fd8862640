// The API's errors by name: each case the brief lists, with its status, code and the
// numbers a client needs (actual and allowed values, seconds to wait).
import Foundation
import Hummingbird

extension APIError {
    static func queueFull(depth: Int) -> APIError {
        APIError(.queueFull, "\(depth) requests are already waiting for the model; retry shortly",
                 details: ["allowed": depth], retryAfter: 1)
    }

    static let unauthorized = APIError(.unauthorized)

    static func unsupportedMediaType(_ given: String, expected: String) -> APIError {
        APIError(.unsupportedMediaType, "send \(expected), not \(given)")
    }

    static func sequenceGap(expected: Int, actual: Int) -> APIError {
        APIError(.sequenceGap, "chunk seq \(actual) arrived but the next expected seq is \(expected)",
                 details: ["expected": expected, "actual": actual])
    }

    static func sequenceConflict(seq: Int) -> APIError {
        APIError(.sequenceConflict, "seq \(seq) was already acknowledged with different content")
    }

    /// The store's refusal as the API answers it.
    init(_ error: SessionStoreError) {
        switch error {
        case .notFound(let id):
            self.init(.sessionNotFound, "no session \(id) for this API key")
        case .expired(let id, let at):
            self.init(.sessionExpired, "session \(id) expired at \(at.formatted(.iso8601)) after its idle time-out")
        case .tooManySessions(let limit, let wait):
            self.init(.tooManySessions, "the server holds its maximum of \(limit) sessions; retry in \(wait) s or delete one",
                      details: ["allowed": limit], retryAfter: wait)
        case .incompatible(let id, let reason):
            self.init(.sessionIncompatible, "session \(id) cannot be used by this server: \(reason)")
        case .storageFailure(let reason):
            self.init(.storageUnavailable, "the session store failed, nothing was changed: \(reason)", retryAfter: 5)
        case .seqTaken(let id, let seq):   // the service retries these; one that escapes is transient
            self.init(.storageUnavailable, "session \(id) got chunk \(seq) from another replica meanwhile, nothing was changed",
                      retryAfter: 1)
        }
    }
}
