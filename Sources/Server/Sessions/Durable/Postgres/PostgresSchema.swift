// The PostgreSQL store's tables and their versioned migrations. Every replica runs
// `migrate` at start; a transaction-scoped advisory lock makes concurrent starts take
// turns, and DDL is transactional in PostgreSQL, so a migration applies whole or not at
// all. Table names carry a `memtx_` prefix so the store can share a database.
import Logging
import PostgresNIO

enum PostgresSchema {
    /// One schema change, applied once, in order of `version`.
    struct Migration: Sendable {
        let version: Int
        let name: String
        let statements: [PostgresQuery]
    }

    /// Arbitrary constants naming the store's advisory locks (migrations, session cap).
    static let migrationLock: Int64 = 0x6d656d7478_01
    static let creationLock: Int64 = 0x6d656d7478_02

    static let migrations: [Migration] = [
        Migration(version: 1, name: "sessions and chunks", statements: [
            """
            CREATE TABLE memtx_sessions (
                id TEXT PRIMARY KEY, owner TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL, last_used_at DOUBLE PRECISION NOT NULL,
                expired_at DOUBLE PRECISION,
                checkpoint_digest TEXT NOT NULL, format_version BIGINT NOT NULL,
                memory BYTEA NOT NULL, chunks_read BIGINT NOT NULL, version BIGINT NOT NULL)
            """,
            """
            CREATE TABLE memtx_chunks (
                session_id TEXT NOT NULL REFERENCES memtx_sessions(id) ON DELETE CASCADE,
                seq BIGINT NOT NULL, content_hash BIGINT NOT NULL,
                text BYTEA NOT NULL, record BYTEA NOT NULL,
                first_word BIGINT NOT NULL, word_count BIGINT NOT NULL,
                first_label BIGINT NOT NULL, label_count BIGINT NOT NULL,
                memory_size BIGINT NOT NULL, chunks_read BIGINT NOT NULL,
                PRIMARY KEY (session_id, seq))
            """,
            "CREATE INDEX memtx_sessions_live ON memtx_sessions (expired_at, last_used_at)",
        ]),
        Migration(version: 2, name: "chunk memory deltas", statements: [
            "ALTER TABLE memtx_chunks ADD COLUMN memory_delta BYTEA NOT NULL DEFAULT ''::bytea",
        ]),
        // pglz spent ~30 % of PostgreSQL's CPU compressing chunk rows with 64 clients
        // streaming (to ~70 bytes per session word from ~124): where PostgreSQL shares the
        // cores with the model, CPU is scarcer than disk. EXTERNAL keeps values uncompressed
        // (out of line only when a row is too big), and a chunk row stays in its page up to
        // 8 160 bytes instead of ~2 KB. New rows only; docs/DEPLOY.md says how to revert.
        Migration(version: 3, name: "blobs stored uncompressed", statements: [
            "ALTER TABLE memtx_chunks ALTER COLUMN text SET STORAGE EXTERNAL",
            "ALTER TABLE memtx_chunks ALTER COLUMN record SET STORAGE EXTERNAL",
            "ALTER TABLE memtx_chunks ALTER COLUMN memory_delta SET STORAGE EXTERNAL",
            "ALTER TABLE memtx_chunks SET (toast_tuple_target = 8160)",
            "ALTER TABLE memtx_sessions ALTER COLUMN memory SET STORAGE EXTERNAL",
        ]),
    ]

    /// Applies the migrations this database lacks; returns the versions applied now.
    @discardableResult
    static func migrate(_ client: PostgresClient, logger: Logger) async throws -> [Int] {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS memtx_schema_migrations (
                    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: logger)
            var applied = Set<Int>()
            for try await version in try await connection.query(
                "SELECT version FROM memtx_schema_migrations", logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            var appliedNow: [Int] = []
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements { try await connection.query(statement, logger: logger) }
                try await connection.query("""
                    INSERT INTO memtx_schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))
                    """, logger: logger)
                appliedNow.append(migration.version)
            }
            return appliedNow
        }
    }
}
