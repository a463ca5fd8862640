// The embedded durable session store: SQLite in WAL mode (GRDB), synchronous=FULL, so a
// chunk is acknowledged only after its transaction is on disk. A session is a row
// (owner, times, its first memory, counters, checkpoint digest, format version) plus a
// log of one row per chunk (its text, words, online labels, receipt and memory delta),
// appended with a compare-and-set on the session's version. The file belongs to one
// process (`isShared` is false): the service's live copy of a session stays current, so
// an append to it is one write transaction and reads nothing; any other session is
// rebuilt from its rows, also after a crash or restart.
import Foundation
import GRDB
import MemoryTransformer

/// Sessions in a SQLite database file.
public actor SQLiteSessionStore: SessionStore {
    public nonisolated let idleTimeout: Duration
    public nonisolated let maxSessions: Int
    /// Digest of the checkpoint serving now; sessions made by another are refused.
    public nonisolated let checkpointDigest: String
    public nonisolated var isShared: Bool { false }
    private let pool: DatabasePool
    private let onExpire: @Sendable (Int) -> Void

    /// Opens (creating and migrating if needed) `directory/sessions.sqlite`.
    public init(directory: URL, checkpointDigest: String, idleTimeout: Duration, maxSessions: Int,
                onExpire: @escaping @Sendable (Int) -> Void = { _ in }) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        pool = try DatabasePool(path: directory.appendingPathComponent("sessions.sqlite").path, configuration: configuration)
        try Self.migrator.migrate(pool)
        self.checkpointDigest = checkpointDigest
        self.idleTimeout = idleTimeout
        self.maxSessions = maxSessions
        self.onExpire = onExpire
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
        try await CappedCreation.create(
            session, limit: maxSessions, idleTimeout: idleTimeout,
            insert: { try await self.insert(session) }, sweep: { _ = await self.sweep(now: session.createdAt) },
            oldestLastUse: {
                try await self.storage {
                    try await self.pool.read { db in try Double.fetchOne(db, sql: "SELECT MIN(last_used_at) FROM sessions WHERE expired_at IS NULL") }
                }
            })
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

    public func head(id: String, owner: String, now: Date) async throws -> SessionRow {
        try await load(id: id, owner: owner, now: now, fromSeq: Int.max).row
    }

    public func load(id: String, owner: String, now: Date, fromSeq seq: Int) async throws -> SessionLog {
        let log = try await storage {
            try await self.pool.read { db -> SessionLog? in
                let memory = seq == 0 ? "memory" : "x'' AS memory"
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT id, owner, created_at, last_used_at, expired_at, checkpoint_digest, format_version, \(memory),
                           chunks_read, version
                    FROM sessions WHERE id = ?
                    """, arguments: [id]).map(SessionRow.init) else { return nil }
                guard seq < row.version else { return SessionLog(row: row, chunks: []) }
                let chunks = try Row.fetchAll(db, sql: "SELECT * FROM chunks WHERE session_id = ? AND seq >= ? ORDER BY seq",
                                              arguments: [id, seq]).map(ChunkRow.init)
                return SessionLog(row: row, chunks: chunks)
            }
        }
        guard let log else { throw SessionStoreError.notFound(id: id) }
        try await check(log.row, owner: owner, now: now)
        if log.row.lastUseIsStale(at: now, idleTimeout: idleTimeout) { try await touch(id: id, now: now) }
        return log
    }

    /// Appends the chunk row and the session row's counters and last use in one
    /// transaction, if the session's row is live and still has version `chunk.seq` (a
    /// compare-and-set: nothing is written if not).
    public func append(_ chunk: ChunkRow, to id: String, chunksRead: Int, now: Date) async throws {
        let written = try await storage {
            try await self.pool.write { db in
                try db.execute(sql: """
                    UPDATE sessions SET chunks_read = ?, version = ?, last_used_at = MAX(last_used_at, ?)
                    WHERE id = ? AND version = ? AND expired_at IS NULL
                    """, arguments: [chunksRead, chunk.seq + 1, now.timeIntervalSince1970, id, chunk.seq])
                guard db.changesCount == 1 else { return false }
                try db.execute(sql: """
                    INSERT INTO chunks (session_id, seq, content_hash, text, record, first_word, word_count,
                                        first_label, label_count, memory_size, chunks_read, memory_delta)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, chunk.seq, Int64(bitPattern: chunk.receipt.contentHash), chunk.text, chunk.record,
                                     chunk.receipt.firstWord, chunk.receipt.wordCount, chunk.receipt.firstLabel,
                                     chunk.receipt.labelCount, chunk.receipt.memorySize, chunk.receipt.chunksRead,
                                     chunk.memoryDelta])
                return true
            }
        }
        guard !written else { return }
        // Say why: the row is gone, expired, or another writer took the seq.
        let row = try await storage {
            try await self.pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE id = ?", arguments: [id]).map(SessionRow.init)
            }
        }
        throw SessionStoreError.appendRefused(id: id, seq: chunk.seq, row: row)
    }

    public func delete(id: String, owner: String, now: Date) async throws {
        _ = try await head(id: id, owner: owner, now: now)
        try await storage { try await self.pool.write { db in try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [id]) } }
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
        if !expired.isEmpty { onExpire(expired.count) }
        return expired.count
    }

    public func count() async -> Int { (try? await pool.read(Self.liveCount)) ?? 0 }

    // MARK: - Rows

    private static func liveCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions WHERE expired_at IS NULL") ?? 0
    }

    /// Throws unless `row` is a live session of `owner` this server can continue; a session
    /// idle past its time but not yet marked is expired now (with every other idle one).
    private func check(_ row: SessionRow, owner: String, now: Date) async throws {
        do {
            try row.validate(owner: owner, now: now, idleTimeout: idleTimeout, checkpointDigest: checkpointDigest)
        } catch SessionStoreError.expired(let id, let at) where row.expiredAt == nil {
            _ = await sweep(now: now)
            throw SessionStoreError.expired(id: id, at: at)
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
