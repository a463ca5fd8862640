// The PostgreSQL store's row reads and writes: a session's row (locked for the rest of the
// transaction, or not), its chunk rows from a `seq` on, and the append of a chunk row (with
// the session row's counters), written only over the version it read. Chunk text is stored
// as UTF-8 bytes (BYTEA): PostgreSQL's TEXT cannot hold U+0000, which a JSON chunk may carry.
import Foundation
import Logging
import PostgresNIO

extension PostgresSessionStore {
    /// Session `id`'s row with its first memory; when `locked`, locked until the
    /// transaction ends (other replicas' writes of this session wait). `notFound` if there
    /// is none. (Unlocked and without its memory, the row is `sessionHead`.)
    static func sessionRow(id: String, locked: Bool = true, connection: PostgresConnection,
                           logger: Logger) async throws -> SessionRow {
        let query = PostgresQuery(unsafeSQL: """
            SELECT id, owner, created_at, last_used_at, expired_at, checkpoint_digest, format_version, memory,
                   chunks_read, version
            FROM memtx_sessions WHERE id = $1\(locked ? " FOR NO KEY UPDATE" : "")
            """, binds: Self.binds(id))
        let rows = try await connection.query(query, logger: logger)
        for try await (id, owner, created, used, expired, digest, format, memory, chunksRead, version) in rows.decode(
            (String, String, Double, Double, Double?, String, Int, Data, Int, Int).self) {
            return SessionRow(id: id, owner: owner, createdAt: created, lastUsedAt: used, expiredAt: expired,
                              checkpointDigest: digest, formatVersion: format, memory: memory,
                              chunksRead: chunksRead, version: version)
        }
        throw SessionStoreError.notFound(id: id)
    }

    /// Session `id`'s row without its memory and unlocked, through the prepared
    /// `SessionHeadStatement` (an append's first round trip, and a catch-up's snapshot).
    /// `notFound` if there is none.
    static func sessionHead(id: String, connection: PostgresConnection, logger: Logger) async throws -> SessionRow {
        for try await row in try await connection.execute(SessionHeadStatement(id: id), logger: logger) { return row }
        throw SessionStoreError.notFound(id: id)
    }

    private static func binds(_ id: String) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(id)
        return binds
    }

    /// Session `id`'s chunk rows with `seq >= first`, in order.
    static func chunkRows(id: String, from first: Int, connection: PostgresConnection,
                          logger: Logger) async throws -> [ChunkRow] {
        let rows = try await connection.query("""
            SELECT seq, content_hash, text, record, first_word, word_count, first_label, label_count, memory_size, chunks_read,
                   memory_delta
            FROM memtx_chunks WHERE session_id = \(id) AND seq >= \(first) ORDER BY seq
            """, logger: logger)
        var chunks: [ChunkRow] = []
        for try await (seq, hash, text, record, firstWord, wordCount, firstLabel, labelCount, memorySize, chunksRead, delta)
            in rows.decode((Int, Int64, Data, Data, Int, Int, Int, Int, Int, Int, Data).self) {
            chunks.append(ChunkRow(
                seq: seq, text: String(decoding: text, as: UTF8.self), record: record,
                receipt: ChunkReceipt(contentHash: UInt64(bitPattern: hash), firstWord: firstWord, wordCount: wordCount,
                                      firstLabel: firstLabel, labelCount: labelCount, memorySize: memorySize,
                                      chunksRead: chunksRead),
                memoryDelta: delta))
        }
        return chunks
    }

    /// Appends `chunk` with the session row's counters and last use if the session's row
    /// still has version `chunk.seq` (a compare-and-set: a concurrent writer's row lock
    /// makes this wait, then fail); false, with nothing written, if it does not. One
    /// statement (the prepared `AppendChunkStatement`), so one round trip and its own
    /// transaction: the chunk row is inserted only from the row the append changed.
    static func append(_ chunk: ChunkRow, to id: String, chunksRead: Int, now: Date,
                       client: PostgresClient, logger: Logger) async throws -> Bool {
        let statement = AppendChunkStatement(sessionID: id, expectedVersion: chunk.seq, chunksRead: chunksRead,
                                             newVersion: chunk.seq + 1, usedAt: now.timeIntervalSince1970, chunk: chunk)
        var inserted: [Int] = []
        for try await seq in try await client.execute(statement, logger: logger) { inserted.append(seq) }
        return !inserted.isEmpty
    }
}
