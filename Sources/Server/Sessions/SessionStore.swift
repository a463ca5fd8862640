// Where sessions are kept: a log per session (its row, then one row per acknowledged
// chunk), behind a protocol so the in-memory store (tests, one process) and the durable
// stores are interchangeable. A store never runs the model and holds nothing while it
// runs: the service loads a session (or the chunk rows its live copy lacks), runs the
// model on its own copy, then appends the chunk's row with a compare-and-set on `seq`.
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
    /// Another writer (a replica) appended chunk `seq` first; nothing was written.
    case seqTaken(id: String, seq: Int)
}

/// Storage of sessions as logs, safe to call from any task.
public protocol SessionStore: Sendable {
    /// Idle time after which a session expires.
    var idleTimeout: Duration { get }
    /// Whether other processes append to the same sessions (replicas sharing a database).
    /// When false, a copy built from this store's rows stays current until this process
    /// appends, so an append to it needs no read first.
    var isShared: Bool { get }
    /// Stores a new empty session; throws `tooManySessions` when full.
    func create(_ session: Session) async throws
    /// Session `id`'s row without its first memory, checked (owner, expiry, checkpoint) and
    /// marked as used at `now`. Throws `notFound`, `expired` or `incompatible`.
    func head(id: String, owner: String, now: Date) async throws -> SessionRow
    /// Session `id`'s row (with its first memory when `seq` is 0) and its chunk rows from
    /// `seq` on, read at one moment, checked and marked as used as `head` is.
    func load(id: String, owner: String, now: Date, fromSeq seq: Int) async throws -> SessionLog
    /// Appends `chunk` to session `id` if the session's next `seq` is still `chunk.seq`
    /// (compare-and-set; `chunksRead` is the model's count after the chunk), marking it used
    /// at `now`. Throws `seqTaken` when another writer appended first, `notFound` or
    /// `expired` when the session went meanwhile; nothing is written then.
    func append(_ chunk: ChunkRow, to id: String, chunksRead: Int, now: Date) async throws
    /// Deletes the session; throws `notFound` or `expired`.
    func delete(id: String, owner: String, now: Date) async throws
    /// Expires every session idle since before `now - idleTimeout`; returns how many.
    func sweep(now: Date) async -> Int
    /// Sessions held now.
    func count() async -> Int
}

/// A session's row and its chunk rows from some `seq` on, as read at one moment.
public struct SessionLog: Sendable {
    public let row: SessionRow
    public let chunks: [ChunkRow]
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
