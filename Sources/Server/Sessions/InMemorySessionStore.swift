// The in-memory session store: an actor holding each session's rows (its row and its chunk
// rows) in a dictionary, with a cap on live sessions and expired rows kept for a day as
// tombstones (so a late client gets 410, not 404). The same log the durable stores keep,
// so the service treats every store alike; nothing survives a restart. `--store memory`.
import Foundation

/// Sessions' rows in process memory.
public actor InMemorySessionStore: SessionStore {
    public nonisolated let idleTimeout: Duration
    public nonisolated var isShared: Bool { false }
    /// Most live sessions held at once.
    public nonisolated let maxSessions: Int
    /// The digest rows are stamped with (one process serves one checkpoint).
    private let checkpointDigest = "in-memory"
    private var logs: [String: (row: SessionRow, chunks: [ChunkRow])] = [:]
    private let tombstoneLifetime: TimeInterval = 24 * 3600
    private let onExpire: @Sendable (Int) -> Void

    /// - Parameter onExpire: told how many sessions expired, whenever some do (metrics).
    public init(idleTimeout: Duration, maxSessions: Int, onExpire: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.idleTimeout = idleTimeout
        self.maxSessions = maxSessions
        self.onExpire = onExpire
    }

    public func create(_ session: Session) async throws {
        try await CappedCreation.create(
            session, limit: maxSessions, idleTimeout: idleTimeout,
            insert: { self.insert(session) }, sweep: { _ = self.sweep(now: session.createdAt) },
            oldestLastUse: { self.logs.values.filter { $0.row.expiredAt == nil }.map(\.row.lastUsedAt).min() })
    }

    private func insert(_ session: Session) -> Bool {
        guard live < maxSessions else { return false }
        let row = SessionRow(
            id: session.id, owner: session.owner, createdAt: session.createdAt.timeIntervalSince1970,
            lastUsedAt: session.lastUsedAt.timeIntervalSince1970, expiredAt: nil, checkpointDigest: checkpointDigest,
            formatVersion: DurableFormat.version, memory: session.state.memory.encoded(),
            chunksRead: session.state.chunksRead, version: session.version)
        logs[session.id] = (row, [])
        return true
    }

    public func head(id: String, owner: String, now: Date) throws -> SessionRow {
        var row = try checkedRow(id: id, owner: owner, now: now)
        row.memory = Data()
        return row
    }

    public func load(id: String, owner: String, now: Date, fromSeq seq: Int) throws -> SessionLog {
        var row = try checkedRow(id: id, owner: owner, now: now)
        if seq > 0 { row.memory = Data() }
        let chunks = logs[id]!.chunks
        return SessionLog(row: row, chunks: Array(chunks[min(seq, chunks.count)...]))
    }

    public func append(_ chunk: ChunkRow, to id: String, chunksRead: Int, now: Date) throws {
        guard var log = logs[id], log.row.expiredAt == nil, log.row.version == chunk.seq else {
            throw SessionStoreError.appendRefused(id: id, seq: chunk.seq, row: logs[id]?.row)
        }
        logs[id] = nil   // the only reference while it grows
        log.chunks.append(chunk)
        log.row.version += 1
        log.row.chunksRead = chunksRead
        log.row.lastUsedAt = max(log.row.lastUsedAt, now.timeIntervalSince1970)
        logs[id] = log
    }

    public func delete(id: String, owner: String, now: Date) throws {
        _ = try checkedRow(id: id, owner: owner, now: now)
        logs[id] = nil
    }

    public func sweep(now: Date) -> Int {
        let cutoff = now.timeIntervalSince1970 - idleTimeout.inSeconds
        let expired = logs.values.filter { $0.row.expiredAt == nil && $0.row.lastUsedAt <= cutoff }.map(\.row)
        for row in expired { expire(row) }
        logs = logs.filter { $0.value.row.expiredAt.map { now.timeIntervalSince1970 - $0 < tombstoneLifetime } ?? true }
        if !expired.isEmpty { onExpire(expired.count) }
        return expired.count
    }

    public func count() -> Int { live }

    /// Live sessions (not expired).
    private var live: Int { logs.values.count { $0.row.expiredAt == nil } }

    /// Session `id`'s row, checked, marked as used at `now`; a session whose time is up is
    /// expired here.
    private func checkedRow(id: String, owner: String, now: Date) throws -> SessionRow {
        guard let row = logs[id]?.row else { throw SessionStoreError.notFound(id: id) }
        do {
            try row.validate(owner: owner, now: now, idleTimeout: idleTimeout, checkpointDigest: checkpointDigest)
        } catch SessionStoreError.expired(let id, let at) where row.expiredAt == nil {
            expire(row)
            onExpire(1)
            throw SessionStoreError.expired(id: id, at: at)
        }
        logs[id]!.row.lastUsedAt = max(row.lastUsedAt, now.timeIntervalSince1970)
        return logs[id]!.row
    }

    /// Marks `row`'s session expired (at the end of its idle time) and frees its chunks.
    private func expire(_ row: SessionRow) {
        var tombstone = row
        tombstone.expiredAt = row.lastUsedAt + idleTimeout.inSeconds
        tombstone.memory = Data()
        logs[row.id] = (tombstone, [])
    }
}
