// The shared durable session store: PostgreSQL (postgres-nio), for several replicas
// behind a load balancer, any of which may serve any session. The same rows as the SQLite
// store (StoredRows.swift): a session is a log of chunk rows. Appends are optimistic: one
// statement reads the session's row (without its memory; the chunk rows it lacks, with
// their memory deltas, only when the cached copy is behind), the model runs with no
// transaction, lock or pooled connection held, and one statement appends the chunk row
// only if the session's row still has the version that was read (compare-and-set). The
// row is checked (owner, expiry, checkpoint) once per append, against the database. When
// another replica appended meanwhile, the copy is dropped and the
// append runs again (it then replays the stored receipt or answers 409, as for any
// retry). Reads and deletes lock the row for their short transaction; no replica serves
// a stale memory.
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
    private let client: PostgresClient
    /// Runs the pool and the reachability probe.
    private let background: Task<Void, Never>
    private let reachability = PostgresReachability()
    private let cache: InMemorySessionStore
    private let cacheCapacity: Int
    private let onExpire: @Sendable (Int) -> Void
    private let logger: Logger

    /// Connects to `url` and applies the schema migrations the database lacks; throws
    /// `storageFailure` if that has not succeeded within `startTimeout`. PostgreSQL is
    /// probed every `probeInterval`; while a probe gets no answer within `probeTimeout`,
    /// session operations fail at once with `storageFailure`.
    public init(url: PostgresURL, checkpointDigest: String, idleTimeout: Duration, maxSessions: Int,
                cacheCapacity: Int = 64, startTimeout: Duration = .seconds(30),
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
        self.cacheCapacity = cacheCapacity
        self.logger = logger
        self.onExpire = onExpire
        // The cache never expires or caps anything itself: the database decides.
        cache = InMemorySessionStore(idleTimeout: .seconds(Int64.max / 4), maxSessions: Int.max)
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
        try await DurableCreation.create(
            session, limit: maxSessions, idleTimeout: idleTimeout,
            insert: { try await self.insert(session) }, sweep: { _ = await self.sweep(now: session.createdAt) },
            oldestLastUse: {
                try await self.storage {
                    try await self.client.query("SELECT MIN(last_used_at) FROM memtx_sessions WHERE expired_at IS NULL",
                                                logger: self.logger).collect().first?.decode(Double?.self) ?? nil
                }
            })
        await cache.cache(session, usedAt: session.createdAt, keeping: cacheCapacity)
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

    public func read(id: String, owner: String, now: Date) async throws -> Session {
        let idleTimeout = idleTimeout
        return try await withCurrentSession(id: id, owner: owner, now: now) { session, row, connection, logger in
            if row.lastUseIsStale(at: now, idleTimeout: idleTimeout) {
                try await connection.query(
                    "UPDATE memtx_sessions SET last_used_at = GREATEST(last_used_at, \(now.timeIntervalSince1970)) WHERE id = \(id)",
                    logger: logger)
            }
            return session
        }
    }

    public func update<T: Sendable>(id: String, owner: String, now: Date,
                                    _ body: @Sendable (inout Session) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await updateOnce(id: id, owner: owner, now: now, body)
            } catch is VersionConflict where attempt < Self.maxUpdateAttempts {
                attempt += 1
            } catch is VersionConflict {
                throw SessionStoreError.storageFailure(
                    reason: "session \(id) changed on another replica \(attempt) times while this append ran; retry")
            }
        }
    }

    /// Most runs of one update's body when other replicas keep appending to the session.
    static let maxUpdateAttempts = 4

    /// Another replica wrote the session between this update's read and its write.
    private struct VersionConflict: Error {}

    /// One optimistic attempt: check the row and catch the cached copy up, run `body` with
    /// nothing held in the database, then write what it added if the row's version is
    /// still the one read; `VersionConflict` (the copy is then forgotten) if it is not.
    private func updateOnce<T: Sendable>(id: String, owner: String, now: Date,
                                         _ body: @Sendable (inout Session) async throws -> T) async throws -> T {
        try ensureReachable()
        if await !cache.holds(id) { try await fill(id: id, owner: owner, now: now) }
        let (client, logger, digest, idleTimeout, cache) = (client, logger, checkpointDigest, idleTimeout, cache)
        do {
            return try await cache.updateChecked(id: id, now: now) { session in
                // One round trip when the copy is current (the usual case): the row without its memory.
                let head = try await client.withConnection { connection in
                    try await Self.sessionHead(id: id, connection: connection, logger: logger)
                }
                try head.validate(owner: owner, now: now, idleTimeout: idleTimeout, checkpointDigest: digest)
                if head.version != session.version {
                    let read = try await client.withTransaction(logger: logger) { connection in
                        // One snapshot for the row and its chunk rows.
                        try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: logger)
                        let row = try await Self.sessionHead(id: id, connection: connection, logger: logger)
                        try row.validate(owner: owner, now: now, idleTimeout: idleTimeout, checkpointDigest: digest)
                        return (row, try await Self.chunkRows(id: id, from: session.nextSeq, connection: connection, logger: logger))
                    }
                    try session.catchUp(to: read.0, newChunks: read.1)
                }
                let (readVersion, seq, utf8Before, memoryBefore) = (session.version, session.nextSeq, session.text.utf8.count,
                                                                    session.state.memory)
                let result: T
                do { result = try await body(&session) } catch { throw BodyFailure(error: error) }
                // The copy now holds what the body added: unless it reaches the database, the
                // copy is dropped as this update ends (before any other request can see it).
                let written: Bool
                do {
                    let chunk = ChunkRow.added(to: session, seq: seq, textUTF8From: utf8Before, memoryBefore: memoryBefore)
                    written = try await Self.append(chunk, to: session, ifVersion: readVersion, now: now,
                                                    client: client, logger: logger)
                } catch {
                    await cache.evict(id)
                    throw error
                }
                guard written else {
                    await cache.evict(id)
                    throw VersionConflict()
                }
                return result
            }
        } catch {
            if let failure = Self.unwrapped(error) as? BodyFailure { throw failure.error }
            await cache.evict(id)
            // Another replica's chunk won, or this replica's copy was dropped while waiting: read again.
            if Self.unwrapped(error) is VersionConflict || error is InMemorySessionStore.NotHeld { throw VersionConflict() }
            throw await refused(error, id: id, now: now)
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
            await cache.evict(id)
            throw await refused(error, id: id, now: now)
        }
        await cache.evict(id)
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
        for id in expired { await cache.evict(id) }
        if !expired.isEmpty { onExpire(expired.count) }
        return expired.count
    }

    public func count() async -> Int {
        (try? await client.query("SELECT COUNT(*) FROM memtx_sessions WHERE expired_at IS NULL", logger: logger)
            .collect().first?.decode(Int.self)) ?? 0
    }

    // MARK: - One session, current

    /// An error `update`'s body threw: the body changed nothing, so the cached copy stays.
    private struct BodyFailure: Error { let error: any Error }

    /// Runs `work` (a read: no model work) on session `id` of `owner` and its row, in one
    /// short transaction that holds the row's lock, with the cached copy made current first (rebuilt from the rows, or caught up with
    /// the chunk rows other replicas added). The copy is forgotten whenever the database
    /// fails or refuses it, so it is never trusted stale.
    private func withCurrentSession<T: Sendable>(
        id: String, owner: String, now: Date,
        _ work: @Sendable (inout Session, SessionRow, PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await withCurrentSessionOnce(id: id, owner: owner, now: now, work)
            } catch is InMemorySessionStore.NotHeld where attempt < Self.maxUpdateAttempts {
                attempt += 1   // the copy was dropped while this read waited for it: fill it again
            } catch is InMemorySessionStore.NotHeld {
                throw SessionStoreError.storageFailure(reason: "session \(id) kept changing while it was read; retry")
            }
        }
    }

    private func withCurrentSessionOnce<T: Sendable>(
        id: String, owner: String, now: Date,
        _ work: @Sendable (inout Session, SessionRow, PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        try ensureReachable()
        if await !cache.holds(id) { try await fill(id: id, owner: owner, now: now) }
        let (client, logger, digest, idleTimeout) = (client, logger, checkpointDigest, idleTimeout)
        do {
            let checkout: @Sendable (inout Session) async throws -> T = { session in
                try await client.withTransaction(logger: logger) { connection in
                    let row = try await Self.sessionRow(id: id, memory: false, connection: connection, logger: logger)
                    try row.validate(owner: owner, now: now, idleTimeout: idleTimeout, checkpointDigest: digest)
                    if row.version != session.version {
                        let chunks = try await Self.chunkRows(id: id, from: session.nextSeq, connection: connection, logger: logger)
                        try session.catchUp(to: row, newChunks: chunks)
                    }
                    return try await work(&session, row, connection, logger)
                }
            }
            return try await cache.updateChecked(id: id, now: now, checkout)
        } catch let error as InMemorySessionStore.NotHeld {
            throw error
        } catch {
            if let failure = Self.unwrapped(error) as? BodyFailure { throw failure.error }
            await cache.evict(id)
            throw await refused(error, id: id, now: now)
        }
    }

    /// Puts session `id` in the cache, rebuilt from a consistent read of its rows.
    private func fill(id: String, owner: String, now: Date) async throws {
        let (client, logger, digest, idleTimeout) = (client, logger, checkpointDigest, idleTimeout)
        let session: Session
        do {
            session = try await client.withTransaction(logger: logger) { connection in
                let row = try await Self.sessionRow(id: id, connection: connection, logger: logger)
                try row.validate(owner: owner, now: now, idleTimeout: idleTimeout, checkpointDigest: digest)
                let chunks = try await Self.chunkRows(id: id, from: 0, connection: connection, logger: logger)
                return try Session.rebuilt(from: row, chunks: chunks)
            }
        } catch {
            throw await refused(error, id: id, now: now)
        }
        await cache.cache(session, usedAt: now, keeping: cacheCapacity)
    }

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
