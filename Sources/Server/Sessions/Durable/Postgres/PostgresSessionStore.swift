// The shared durable session store: PostgreSQL (postgres-nio), for several replicas
// behind a load balancer, any of which may serve any session. The same rows as the SQLite
// store (SessionRows.swift): a session is a log of chunk rows. Other replicas append to the
// same sessions (`isShared`), so the service reads a session's head (one prepared
// statement, its row without its memory) before using its live copy, and the chunk rows
// the copy lacks when its version is behind; the model then runs in the service with no
// transaction, lock or pooled connection held, and one statement appends the chunk row
// only if the session's row still has the version the copy had (compare-and-set). When
// another replica appended meanwhile, `seqTaken` tells the service to load again and
// retry (it then replays the stored receipt or answers 409, as for any retry). A load is
// one REPEATABLE READ snapshot; a delete locks the row for its short transaction.
import Foundation
import Logging
import MemoryTransformer
import PostgresNIO
import ServiceLifecycle

/// Sessions in a PostgreSQL database shared by every replica.
public final class PostgresSessionStore: SessionStore {
    public let idleTimeout: Duration
    public let maxSessions: Int
    /// Digest of the checkpoint serving now; sessions made by another are refused.
    public let checkpointDigest: String
    public var isShared: Bool { true }
    private let client: PostgresClient
    /// Runs the pool and the reachability probe.
    private let background: Task<Void, Never>
    private let reachability = PostgresReachability()
    private let onExpire: @Sendable (Int) -> Void
    private let logger: Logger

    /// Connects to `url` and applies the schema migrations the database lacks; throws
    /// `storageFailure` if that has not succeeded within `startTimeout`. PostgreSQL is
    /// then probed every `probeInterval`; once two probes in a row get no answer within
    /// `probeTimeout`, session operations fail at once with `storageFailure` until one does.
    public init(url: PostgresURL, checkpointDigest: String, idleTimeout: Duration, maxSessions: Int,
                startTimeout: Duration = .seconds(30),
                probeInterval: Duration = .seconds(5), probeTimeout: Duration = .seconds(2),
                logger: Logger = Logger(label: "memtx.postgres"),
                onExpire: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let client = PostgresClient(configuration: url.clientConfiguration, backgroundLogger: logger)
        self.client = client
        let reachability = reachability
        background = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await client.run() }
                group.addTask { await reachability.probe(client, every: probeInterval, timeout: probeTimeout, logger: logger) }
            }
        }
        self.checkpointDigest = checkpointDigest
        self.idleTimeout = idleTimeout
        self.maxSessions = maxSessions
        self.logger = logger
        self.onExpire = onExpire
        do {
            let applied = try await storage {
                guard let applied = try await withTimeLimit(startTimeout, { try await PostgresSchema.migrate(client, logger: logger) }) else {
                    throw SessionStoreError.storageFailure(
                        reason: "PostgreSQL at \(url.host):\(url.port) did not answer within \(startTimeout)")
                }
                return applied
            }
            if !applied.isEmpty { logger.info("PostgreSQL schema migrations applied: \(applied)") }
        } catch {
            background.cancel()
            throw error
        }
    }

    deinit { background.cancel() }

    /// Closes the connections and stops probing.
    public func shutdown() { background.cancel() }

    /// When the probes last found PostgreSQL not answering; nil while it answers.
    var unreachableSince: Date? { reachability.unreachableSince }

    /// Throws `storageFailure` at once while PostgreSQL does not answer the probes.
    private func ensureReachable() throws {
        if let since = reachability.unreachableSince {
            throw SessionStoreError.storageFailure(
                reason: "PostgreSQL has not answered since \(since.formatted(.iso8601)); retry later")
        }
    }

    /// Live sessions in the database, and how many of them another checkpoint made (for the start-up log).
    public func inventory() async throws -> (live: Int, otherCheckpoint: Int) {
        try await storage {
            let rows = try await client.query("""
                SELECT COUNT(*), COUNT(*) FILTER (WHERE checkpoint_digest <> \(checkpointDigest) OR format_version <> \(DurableFormat.version))
                FROM memtx_sessions WHERE expired_at IS NULL
                """, logger: logger)
            for try await (live, other) in rows.decode((Int, Int).self) { return (live, other) }
            return (0, 0)
        }
    }

    public func create(_ session: Session) async throws {
        try ensureReachable()
        try await CappedCreation.create(
            session, limit: maxSessions, idleTimeout: idleTimeout,
            insert: { try await self.insert(session) }, sweep: { _ = await self.sweep(now: session.createdAt) },
            oldestLastUse: {
                try await self.storage {
                    try await self.client.query("SELECT MIN(last_used_at) FROM memtx_sessions WHERE expired_at IS NULL",
                                                logger: self.logger).collect().first?.decode(Double?.self) ?? nil
                }
            })
    }

    /// Inserts `session` if fewer than `maxSessions` live ones exist. An advisory lock
    /// makes the count and the insert one step for every replica.
    private func insert(_ session: Session) async throws -> Bool {
        let memory = session.state.memory.encoded()
        let (id, owner, created, used) = (session.id, session.owner, session.createdAt.timeIntervalSince1970,
                                          session.lastUsedAt.timeIntervalSince1970)
        let (chunksRead, version) = (session.state.chunksRead, session.version)
        let (digest, limit, logger) = (checkpointDigest, maxSessions, logger)
        return try await storage {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.creationLock))", logger: logger)
                let live = try await connection.query(
                    "SELECT COUNT(*) FROM memtx_sessions WHERE expired_at IS NULL", logger: logger
                ).collect().first?.decode(Int.self) ?? 0
                guard live < limit else { return false }
                try await connection.query("""
                    INSERT INTO memtx_sessions (id, owner, created_at, last_used_at, checkpoint_digest, format_version,
                                                memory, chunks_read, version)
                    VALUES (\(id), \(owner), \(created), \(used), \(digest), \(DurableFormat.version), \(memory),
                            \(chunksRead), \(version))
                    """, logger: logger)
                return true
            }
        }
    }

    public func head(id: String, owner: String, now: Date) async throws -> SessionRow {
        try ensureReachable()
        let (client, logger) = (client, logger)
        let row: SessionRow
        do {
            row = try await client.withConnection { connection in
                try await Self.sessionHead(id: id, connection: connection, logger: logger)
            }
            try row.validate(owner: owner, now: now, idleTimeout: idleTimeout, checkpointDigest: checkpointDigest)
        } catch {
            throw await refused(error, id: id, now: now)
        }
        try await touchIfStale(row, now: now)
        return row
    }

    public func load(id: String, owner: String, now: Date, fromSeq seq: Int) async throws -> SessionLog {
        try ensureReachable()
        let (client, logger, digest, idleTimeout) = (client, logger, checkpointDigest, idleTimeout)
        let log: SessionLog
        do {
            log = try await client.withTransaction(logger: logger) { connection in
                // One snapshot for the row and its chunk rows, without a lock.
                try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: logger)
                let row = seq == 0
                    ? try await Self.sessionRow(id: id, locked: false, connection: connection, logger: logger)
                    : try await Self.sessionHead(id: id, connection: connection, logger: logger)
                try row.validate(owner: owner, now: now, idleTimeout: idleTimeout, checkpointDigest: digest)
                let chunks = seq < row.version
                    ? try await Self.chunkRows(id: id, from: seq, connection: connection, logger: logger) : []
                return SessionLog(row: row, chunks: chunks)
            }
        } catch {
            throw await refused(error, id: id, now: now)
        }
        try await touchIfStale(log.row, now: now)
        return log
    }

    public func append(_ chunk: ChunkRow, to id: String, chunksRead: Int, now: Date) async throws {
        try ensureReachable()
        let (client, logger) = (client, logger)
        let written = try await storage {
            try await Self.append(chunk, to: id, chunksRead: chunksRead, now: now, client: client, logger: logger)
        }
        guard !written else { return }
        // Say why: the row is gone, expired, or another replica took the seq.
        let row = try await storage {
            try await client.withConnection { connection in
                try await Self.sessionHead(id: id, connection: connection, logger: logger)
            }
        }
        throw SessionStoreError.appendRefused(id: id, seq: chunk.seq, row: row)
    }

    /// Writes the session's last use when a read finds it stale (at most every 10 s).
    private func touchIfStale(_ row: SessionRow, now: Date) async throws {
        guard row.lastUseIsStale(at: now, idleTimeout: idleTimeout) else { return }
        let (id, used) = (row.id, now.timeIntervalSince1970)
        try await storage {
            try await client.query(
                "UPDATE memtx_sessions SET last_used_at = GREATEST(last_used_at, \(used)) WHERE id = \(id)", logger: logger)
        }
    }

    public func delete(id: String, owner: String, now: Date) async throws {
        try ensureReachable()
        let (client, logger, digest, idleTimeout) = (client, logger, checkpointDigest, idleTimeout)
        do {
            try await client.withTransaction(logger: logger) { connection in
                let row = try await Self.sessionRow(id: id, connection: connection, logger: logger)
                try row.validate(owner: owner, now: now, idleTimeout: idleTimeout, checkpointDigest: digest)
                try await connection.query("DELETE FROM memtx_sessions WHERE id = \(id)", logger: logger)
            }
        } catch {
            throw await refused(error, id: id, now: now)
        }
    }

    public func sweep(now: Date) async -> Int {
        guard reachability.unreachableSince == nil else { return 0 }
        let cutoff = now.timeIntervalSince1970 - idleTimeout.inSeconds
        let timeout = idleTimeout.inSeconds
        let dayAgo = now.timeIntervalSince1970 - 24 * 3600
        let logger = logger
        let expired: [String]
        do {
            expired = try await client.withTransaction(logger: logger) { connection in
                var ids: [String] = []
                for try await id in try await connection.query("""
                    UPDATE memtx_sessions SET expired_at = last_used_at + \(timeout), memory = ''::bytea
                    WHERE expired_at IS NULL AND last_used_at <= \(cutoff) RETURNING id
                    """, logger: logger).decode(String.self) { ids.append(id) }
                try await connection.query("""
                    DELETE FROM memtx_chunks WHERE session_id IN (SELECT id FROM memtx_sessions WHERE expired_at IS NOT NULL)
                    """, logger: logger)
                try await connection.query(
                    "DELETE FROM memtx_sessions WHERE expired_at IS NOT NULL AND expired_at < \(dayAgo)", logger: logger)
                return ids
            }
        } catch {
            logger.warning("session sweep failed: \(String(reflecting: error))")
            return 0
        }
        if !expired.isEmpty { onExpire(expired.count) }
        return expired.count
    }

    public func count() async -> Int {
        (try? await client.query("SELECT COUNT(*) FROM memtx_sessions WHERE expired_at IS NULL", logger: logger)
            .collect().first?.decode(Int.self)) ?? 0
    }

    // MARK: - Errors

    /// What to throw for `error` met on session `id`: a session that turned out idle past
    /// its time is marked expired first (the refused transaction could not).
    private func refused(_ error: any Error, id: String, now: Date) async -> any Error {
        if case SessionStoreError.expired = Self.unwrapped(error) { _ = await sweep(now: now) }
        return storageError(error)
    }

    /// Session errors pass through; database errors are logged whole and become a
    /// `storageFailure` whose reason (shown to clients) names no query or value.
    private func storageError(_ error: any Error) -> any Error {
        let error = Self.unwrapped(error)
        if error is SessionStoreError { return error }
        logger.error("PostgreSQL failed: \(String(reflecting: error))")
        guard let error = error as? PSQLError else { return SessionStoreError.storageFailure(reason: "PostgreSQL: \(type(of: error))") }
        let server = [error.serverInfo?[.sqlState], error.serverInfo?[.message]].compactMap { $0 }.joined(separator: " ")
        return SessionStoreError.storageFailure(reason: "PostgreSQL \(error.code)\(server.isEmpty ? "" : ": " + server)")
    }

    /// The error inside postgres-nio's transaction error: what the transaction's closure
    /// threw, else what `BEGIN` or `COMMIT` did.
    private static func unwrapped(_ error: any Error) -> any Error {
        guard let transaction = error as? PostgresTransactionError else { return error }
        return transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? error
    }

    /// Runs a database call, reporting its failure as a storage failure.
    private func storage<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw storageError(error) }
    }
}

extension PostgresSessionStore: Service {
    /// Keeps the store open for the application's lifetime; closes its connections and
    /// stops probing at graceful shutdown, after the server has stopped taking requests.
    public func run() async throws {
        try? await gracefulShutdown()
        shutdown()
    }
}
