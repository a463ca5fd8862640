// Where sessions live: a protocol so the in-memory store (tests, one process) and
// durable stores are interchangeable. Changes go through `update`, which gives its body
// exclusive use of one session: appends to a session are serialised, and the body
// changes the session in place (no copy of a long document per chunk).
import Foundation

/// Why a store refused an operation.
public enum SessionStoreError: Error, Equatable, Sendable {
    /// No such session for this owner (another owner's session is reported the same way).
    case notFound(id: String)
    /// The session existed but was idle longer than the time-out.
    case expired(id: String, at: Date)
    /// The session table is full; a slot frees up in about `retryAfterSeconds`.
    case tooManySessions(limit: Int, retryAfterSeconds: Int)
    /// The session was made by another checkpoint (or storage format) and cannot be reused.
    case incompatible(id: String, reason: String)
    /// The storage failed (disk full, corrupt file…); nothing was acknowledged.
    case storageFailure(reason: String)
}

/// Storage of sessions, safe to call from any task.
public protocol SessionStore: Sendable {
    /// Idle time after which a session expires.
    var idleTimeout: Duration { get }
    /// Stores a new empty session; throws `tooManySessions` when full.
    func create(_ session: Session) async throws
    /// A snapshot of session `id` of `owner`, marked as used at `now`.
    /// Throws `notFound` or `expired`.
    func read(id: String, owner: String, now: Date) async throws -> Session
    /// Runs `body` with exclusive use of the session and keeps what it leaves, marked as
    /// used at `now`. `body` must throw only before it changes the session: a chunk is
    /// applied whole or not at all. Throws `notFound` or `expired`, or what `body` throws.
    func update<T: Sendable>(id: String, owner: String, now: Date,
                             _ body: @Sendable (inout Session) async throws -> T) async throws -> T
    /// Deletes the session; throws `notFound` or `expired`.
    func delete(id: String, owner: String, now: Date) async throws
    /// Expires every session idle since before `now - idleTimeout`; returns how many.
    func sweep(now: Date) async -> Int
    /// Sessions held now.
    func count() async -> Int
}

extension Session {
    /// When this session expires if left idle.
    public func expiresAt(idleTimeout: Duration) -> Date {
        lastUsedAt.addingTimeInterval(idleTimeout.inSeconds)
    }
}

extension Duration {
    /// The duration as a number of seconds.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
