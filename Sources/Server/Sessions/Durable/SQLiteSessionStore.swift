// The embedded durable session store: SQLite in WAL mode (GRDB), synchronous=FULL, so a
// chunk is acknowledged only after its transaction is on disk. A session is a row
// (owner, times, its first memory, counters, checkpoint digest, format version) plus a
// log of one row per chunk (its text, words, online labels, receipt and memory delta),
// appended with a compare-and-set on the session's version. The file belongs to one
// process, so recently used sessions stay in memory (an InMemorySessionStore as cache,
// bounded, which checks owner and expiry itself) and an append to one of them reads
// nothing from the database; any other is rebuilt from its rows on first use, also after
// a crash or restart.
import Foundation
import GRDB
import MemoryTransformer

/// Sessions in a SQLite database file.
public actor SQLiteSessionStore: SessionStore {
    public nonisolated let idleTimeout: Duration
    public nonisolated let maxSessions: Int
    /// Digest of the checkpoint serving now; sessions made by another are refused.
    public nonisolated let checkpointDigest: String
    private let pool: DatabasePool
    private let cache: InMemorySessionStore
    private let cacheCapacity: Int
    private let onExpire: @Sendable (Int) -> Void

    /// Opens (creating and migrating if needed) `directory/sessions.sqlite`.
    public init(directory: URL, checkpointDigest: String, idleTimeout: Duration, maxSessions: Int,
                cacheCapacity: Int = 64, onExpire: @escaping @Sendable (Int) -> Void = { _ in }) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        pool = try DatabasePool(path: directory.appendingPathComponent("sessions.sqlite").path, configuration: configuration)
        try Self.migrator.migrate(pool)
        self.checkpointDigest = checkpointDigest
        self.idleTimeout = idleTimeout
        self.maxSessions = maxSessions
        self.cacheCapacity = cacheCapacity
        self.onExpire = onExpire
        // The cache checks owner and expiry of the sessions it holds (its last use is at
        // least the file's); it caps nothing: the database decides how many exist.
        cache = InMemorySessionStore(idleTimeout: idleTimeout, maxSessions: Int.max)
    }

    /// Versioned schema migrations, applied at start.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sessions and chunks") { db in
            try db.execute(sql: """
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY, owner TEXT NOT NULL,
                    created_at DOUBLE NOT NULL, last_used_at DOUBLE NOT NULL, expired_at DOUBLE,
                    checkpoint_digest TEXT NOT NULL, format_version INTEGER NOT NULL,
                    memory BLOB NOT NULL, chunks_read INTEGER NOT NULL, version INTEGER NOT NULL);
                CREATE TABLE chunks (
                    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL, content_hash INTEGER NOT NULL, text TEXT NOT NULL, record BLOB NOT NULL,
                    first_word INTEGER NOT NULL, word_count INTEGER NOT NULL,
                    first_label INTEGER NOT NULL, label_count INTEGER NOT NULL,
                    memory_size INTEGER NOT NULL, chunks_read INTEGER NOT NULL,
                    PRIMARY KEY (session_id, seq));
                CREATE INDEX sessions_live ON sessions(expired_at, last_used_at);
                """)
        }
        migrator.registerMigration("v2: chunk memory deltas") { db in
            try db.execute(sql: "ALTER TABLE chunks ADD COLUMN memory_delta BLOB NOT NULL DEFAULT x''")
        }
        return migrator
    }

    /// Live sessions in the file, and how many of them another checkpoint made (for the start-up log).
    public func inventory() async throws -> (live: Int, otherCheckpoint: Int) {
        try await pool.read { [checkpointDigest] db in
            let live = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions WHERE expired_at IS NULL") ?? 0
            let other = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM sessions WHERE expired_at IS NULL AND (checkpoint_digest != ? OR format_version != ?)
                """, arguments: [checkpointDigest, DurableFormat.version]) ?? 0
            return (live, other)
        }
    }

    public func create(_ session: Session) async throws {
        try await DurableCreation.create(
            session, limit: maxSessions, idleTimeout: idleTimeout,
            insert: { try await self.insert(session) }, sweep: { _ = await self.sweep(now: session.createdAt) },
            oldestLastUse: {
                try await self.storage {
                    try await self.pool.read { db in try Double.fetchOne(db, sql: "SELECT MIN(last_used_at) FROM sessions WHERE expired_at IS NULL") }
                }
            })
        await cache.cache(session, usedAt: session.createdAt, keeping: cacheCapacity)
    }

    /// Inserts `session` if fewer than `maxSessions` live ones exist: the count and the
    /// insert are one write transaction, so concurrent creations cannot pass the cap.
    private func insert(_ session: Session) async throws -> Bool {
        let memory = session.state.memory.encoded()
        return try await storage {
            try await self.pool.write { [checkpointDigest, maxSessions] db in
                guard try Self.liveCount(db) < maxSessions else { return false }
                try db.execute(sql: """
                    INSERT INTO sessions (id, owner, created_at, last_used_at, checkpoint_digest, format_version, memory, chunks_read, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [session.id, session.owner, session.createdAt.timeIntervalSince1970,
                                     session.lastUsedAt.timeIntervalSince1970, checkpointDigest, DurableFormat.version,
                                     memory, session.state.chunksRead, session.version])
                return true
            }
        }
    }

    public func read(id: String, owner: String, now: Date) async throws -> Session {
        let row = try await ensureCached(id: id, owner: owner, now: now)
        if row.lastUseIsStale(at: now, idleTimeout: idleTimeout) {
            try await touch(id: id, now: now)
        }
        return try await cache.read(id: id, owner: owner, now: now)
    }

    /// A cached session is checked (owner, expiry) once, by the cache, and its append
    /// reads nothing from the file; an uncached one is checked and rebuilt from its rows.
    public func update<T: Sendable>(id: String, owner: String, now: Date,
                                    _ body: @Sendable (inout Session) async throws -> T) async throws -> T {
        if await !cache.holds(id) { try await ensureCached(id: id, owner: owner, now: now) }
        let (pool, cache) = (self.pool, self.cache)
        do {
            return try await cache.update(id: id, owner: owner, now: now) { session in
                let (version, seq, utf8Before, memoryBefore) = (session.version, session.nextSeq, session.text.utf8.count,
                                                               session.state.memory)
                let result = try await body(&session)
                do {
                    let chunk = ChunkRow.added(to: session, seq: seq, textUTF8From: utf8Before, memoryBefore: memoryBefore)
                    try await Self.append(chunk, to: session, ifVersion: version, now: now, pool: pool)
                } catch {
                    // The body changed the cached copy but nothing reached the disk: the copy
                    // is dropped as this update ends, before another request can see it.
                    await cache.evict(id)
                    throw error
                }
                return result
            }
        } catch SessionStoreError.expired(let id, let at) {
            _ = await sweep(now: now)   // the cache found its time up: mark the row too
            throw SessionStoreError.expired(id: id, at: at)
        } catch is VersionConflict {
            _ = try await row(id: id, owner: owner, now: now)   // expired or deleted meanwhile: say which
            throw SessionStoreError.storageFailure(reason: "session \(id) changed while this chunk was read; nothing was acknowledged")
        } catch let error as DatabaseError {
            throw SessionStoreError.storageFailure(reason: "\(error.resultCode): \(error.message ?? "")")
        }
    }

    /// The session's row no longer had the version the append started from.
    private struct VersionConflict: Error {}

    public func delete(id: String, owner: String, now: Date) async throws {
        _ = try await row(id: id, owner: owner, now: now)
        try await storage { try await self.pool.write { db in try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [id]) } }
        await cache.evict(id)
    }

    public func sweep(now: Date) async -> Int {
        let cutoff = now.timeIntervalSince1970 - idleTimeout.inSeconds
        let timeout = idleTimeout.inSeconds
        let expired: [String] = (try? await pool.write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM sessions WHERE expired_at IS NULL AND last_used_at <= ?",
                                          arguments: [cutoff])
            try db.execute(sql: """
                UPDATE sessions SET expired_at = last_used_at + ?, memory = x'' WHERE expired_at IS NULL AND last_used_at <= ?;
                DELETE FROM chunks WHERE session_id IN (SELECT id FROM sessions WHERE expired_at IS NOT NULL);
                DELETE FROM sessions WHERE expired_at IS NOT NULL AND expired_at < ?;
                """, arguments: [timeout, cutoff, now.timeIntervalSince1970 - 24 * 3600])
            return ids
        }) ?? []
        for id in expired { await cache.evict(id) }
        if !expired.isEmpty { onExpire(expired.count) }
        return expired.count
    }

    public func count() async -> Int { (try? await pool.read(Self.liveCount)) ?? 0 }

    // MARK: - Rows

    private static func liveCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions WHERE expired_at IS NULL") ?? 0
    }

    /// The session's row, checked: owner, expiry (expiring it now if its time is up),
    /// checkpoint and format.
    private func row(id: String, owner: String, now: Date) async throws -> SessionRow {
        let found = try await storage {
            try await self.pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE id = ?", arguments: [id]).map(SessionRow.init)
            }
        }
        guard let row = found else { throw SessionStoreError.notFound(id: id) }
        do {
            try row.validate(owner: owner, now: now, idleTimeout: idleTimeout, checkpointDigest: checkpointDigest)
        } catch SessionStoreError.expired(let id, let at) where row.expiredAt == nil {
            _ = await sweep(now: now)   // its time is up but it is not marked yet
            throw SessionStoreError.expired(id: id, at: at)
        }
        return row
    }

    /// Makes sure the cache holds session `id` of `owner`, rebuilding it from its rows;
    /// returns its checked row.
    @discardableResult
    private func ensureCached(id: String, owner: String, now: Date) async throws -> SessionRow {
        let row = try await row(id: id, owner: owner, now: now)
        guard await !cache.holds(id) else { return row }
        let chunks = try await storage {
            try await self.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM chunks WHERE session_id = ? ORDER BY seq", arguments: [id]).map(ChunkRow.init)
            }
        }
        let session = try Session.rebuilt(from: row, chunks: chunks)
        await cache.cache(session, usedAt: now, keeping: cacheCapacity)
        return row
    }

    /// Appends what an update added (its chunk row; the counters and last use) in one
    /// transaction, if the session's row is live and still has `version` (a compare-and-set:
    /// `VersionConflict`, with nothing written, if not).
    private static func append(_ chunk: ChunkRow?, to session: Session, ifVersion version: Int, now: Date,
                               pool: DatabasePool) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE sessions SET chunks_read = ?, version = ?, last_used_at = ?
                WHERE id = ? AND version = ? AND expired_at IS NULL
                """, arguments: [session.state.chunksRead, session.version, now.timeIntervalSince1970, session.id, version])
            guard db.changesCount == 1 else { throw VersionConflict() }
            guard let chunk else { return }
            try db.execute(sql: """
                INSERT INTO chunks (session_id, seq, content_hash, text, record, first_word, word_count,
                                    first_label, label_count, memory_size, chunks_read, memory_delta)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [session.id, chunk.seq, Int64(bitPattern: chunk.receipt.contentHash), chunk.text, chunk.record,
                                 chunk.receipt.firstWord, chunk.receipt.wordCount, chunk.receipt.firstLabel,
                                 chunk.receipt.labelCount, chunk.receipt.memorySize, chunk.receipt.chunksRead,
                                 chunk.memoryDelta])
        }
    }

    private func touch(id: String, now: Date) async throws {
        try await storage {
            try await self.pool.write { db in
                try db.execute(sql: "UPDATE sessions SET last_used_at = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, id])
            }
        }
    }

    /// Runs a database call, reporting its failure as a storage failure.
    private func storage<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as DatabaseError {
            throw SessionStoreError.storageFailure(reason: "\(error.resultCode): \(error.message ?? "")")
        }
    }
}

extension SessionRow {
    /// A `sessions` row of the SQLite file.
    init(_ row: Row) {
        self.init(id: row["id"], owner: row["owner"], createdAt: row["created_at"], lastUsedAt: row["last_used_at"],
                  expiredAt: row["expired_at"], checkpointDigest: row["checkpoint_digest"],
                  formatVersion: row["format_version"], memory: row["memory"], chunksRead: row["chunks_read"],
                  version: row["version"])
    }
}

extension ChunkRow {
    /// A `chunks` row of the SQLite file.
    init(_ row: Row) {
        self.init(
            seq: row["seq"], text: row["text"], record: row["record"],
            receipt: ChunkReceipt(
                contentHash: UInt64(bitPattern: row["content_hash"]), firstWord: row["first_word"],
                wordCount: row["word_count"], firstLabel: row["first_label"], labelCount: row["label_count"],
                memorySize: row["memory_size"], chunksRead: row["chunks_read"]),
            memoryDelta: row["memory_delta"])
    }
}
