// The in-memory session store: an actor holding sessions in a dictionary, with a cap on
// their number, a per-session lock for updates, and tombstones for expired sessions (so
// a late client gets 410, not 404). Nothing survives a restart; a durable store uses it
// as its cache of recently used sessions.
import Foundation

/// Sessions in process memory.
public actor InMemorySessionStore: SessionStore {
    public nonisolated let idleTimeout: Duration
    /// Most sessions held at once.
    public nonisolated let maxSessions: Int
    private var sessions: [String: Session] = [:]
    /// Sessions an `update` has checked out, and who waits for each.
    private var busy: [String: [CheckedContinuation<Void, Never>]] = [:]
    /// Sessions to drop from memory as soon as their update ends.
    private var evictAfterUpdate: Set<String> = []
    /// Expired session id → (owner, expiry time); kept for a day.
    private var tombstones: [String: (owner: String, at: Date)] = [:]
    private let tombstoneLifetime: TimeInterval = 24 * 3600
    private let onExpire: @Sendable (Int) -> Void

    /// - Parameter onExpire: told how many sessions expired, whenever some do (metrics).
    public init(idleTimeout: Duration, maxSessions: Int, onExpire: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.idleTimeout = idleTimeout
        self.maxSessions = maxSessions
        self.onExpire = onExpire
    }

    public func create(_ session: Session) throws {
        if held >= maxSessions { _ = sweep(now: session.createdAt) }
        guard held < maxSessions else {
            let soonest = sessions.values.map { $0.expiresAt(idleTimeout: idleTimeout) }.min() ?? session.createdAt
            let wait = max(1, Int(soonest.timeIntervalSince(session.createdAt).rounded(.up)))
            throw SessionStoreError.tooManySessions(limit: maxSessions, retryAfterSeconds: wait)
        }
        sessions[session.id] = session
    }

    public func read(id: String, owner: String, now: Date) async throws -> Session {
        try await lock(id)
        defer { unlock(id) }
        try check(id: id, owner: owner, now: now)
        sessions[id]?.lastUsedAt = now
        return sessions[id]!
    }

    public func update<T: Sendable>(id: String, owner: String, now: Date,
                                    _ body: @Sendable (inout Session) async throws -> T) async throws -> T {
        try await lock(id)
        defer { unlock(id) }
        try check(id: id, owner: owner, now: now)
        return try await checkedOut(id, now: now, body)
    }

    /// Like `update`, for a durable store that checks the session's owner and expiry
    /// against its own row: no check here; `NotHeld` if the copy is not (or no longer) held.
    func updateChecked<T: Sendable>(id: String, now: Date,
                                    _ body: @Sendable (inout Session) async throws -> T) async throws -> T {
        try await lock(id)
        defer { unlock(id) }
        guard sessions[id] != nil else { throw NotHeld() }
        return try await checkedOut(id, now: now, body)
    }

    /// Runs `body` on session `id` (held, locked by the caller) taken out of the
    /// dictionary, so the body holds the only reference: appending to the document's
    /// arrays then happens in place.
    private func checkedOut<T: Sendable>(_ id: String, now: Date,
                                         _ body: @Sendable (inout Session) async throws -> T) async throws -> T {
        var session = sessions.removeValue(forKey: id)!
        defer {
            session.lastUsedAt = now
            if evictAfterUpdate.remove(id) == nil { sessions[id] = session }
        }
        return try await body(&session)
    }

    public func delete(id: String, owner: String, now: Date) async throws {
        try await lock(id)
        defer { unlock(id) }
        try check(id: id, owner: owner, now: now)
        sessions[id] = nil
    }

    public func sweep(now: Date) -> Int {
        let expired = sessions.values.filter { busy[$0.id] == nil && now >= $0.expiresAt(idleTimeout: idleTimeout) }
        for session in expired { expire(session) }
        tombstones = tombstones.filter { now.timeIntervalSince($0.value.at) < tombstoneLifetime }
        if !expired.isEmpty { onExpire(expired.count) }
        return expired.count
    }

    public func count() -> Int { held }

    // MARK: Use as the cache of a durable store

    /// `updateChecked` found no copy: it was never cached, or dropped while the update
    /// waited for the session (another update's write failed). The durable store reads
    /// the session again; this is not a missing session.
    struct NotHeld: Error {}

    /// Adds `session` unless one with its id is held already (a cache fill that lost a
    /// race must not replace a newer copy). Ignores the session cap.
    private func insertIfAbsent(_ session: Session) {
        if sessions[session.id] == nil && busy[session.id] == nil { sessions[session.id] = session }
    }

    /// Caches `session` (unless a copy is held already), marked as used at `now` so that it
    /// is the last to go, then drops the least recently used idle ones beyond `keep`.
    func cache(_ session: Session, usedAt now: Date, keeping keep: Int) {
        var session = session
        session.lastUsedAt = max(session.lastUsedAt, now)
        insertIfAbsent(session)
        evictLeastRecentlyUsed(keeping: keep)
    }

    /// Whether session `id` is held (stored or checked out).
    func holds(_ id: String) -> Bool { sessions[id] != nil || busy[id] != nil }

    /// Drops session `id` from memory (not a deletion: a durable store still has it).
    /// A session checked out by an update is dropped when the update ends.
    func evict(_ id: String) {
        if busy[id] != nil { evictAfterUpdate.insert(id) } else { sessions[id] = nil }
    }

    /// Drops the least recently used sessions beyond `keep` (idle ones only).
    private func evictLeastRecentlyUsed(keeping keep: Int) {
        guard sessions.count > keep else { return }
        let idle = sessions.values.filter { busy[$0.id] == nil }.sorted { $0.lastUsedAt < $1.lastUsedAt }
        for session in idle.prefix(sessions.count - keep) { sessions[session.id] = nil }
    }

    /// Sessions stored or checked out by an update.
    private var held: Int { sessions.count + busy.keys.filter { sessions[$0] == nil }.count }

    /// Throws unless `id` is a live session of `owner`; expires it if its time is up.
    private func check(id: String, owner: String, now: Date) throws {
        if let session = sessions[id], session.owner == owner {
            let expiry = session.expiresAt(idleTimeout: idleTimeout)
            guard now < expiry else {
                expire(session)
                onExpire(1)
                throw SessionStoreError.expired(id: id, at: expiry)
            }
            return
        }
        if let tombstone = tombstones[id], tombstone.owner == owner {
            throw SessionStoreError.expired(id: id, at: tombstone.at)
        }
        throw SessionStoreError.notFound(id: id)
    }

    private func expire(_ session: Session) {
        sessions[session.id] = nil
        tombstones[session.id] = (session.owner, session.expiresAt(idleTimeout: idleTimeout))
    }

    /// Waits until no other operation holds session `id`, then holds it.
    private func lock(_ id: String) async throws {
        if busy[id] != nil {
            await withCheckedContinuation { busy[id]!.append($0) }
        } else {
            busy[id] = []
        }
    }

    /// Hands session `id` to the next waiter, or frees it.
    private func unlock(_ id: String) {
        guard var waiters = busy[id], !waiters.isEmpty else {
            busy[id] = nil
            return
        }
        let next = waiters.removeFirst()
        busy[id] = waiters
        next.resume()
    }
}
