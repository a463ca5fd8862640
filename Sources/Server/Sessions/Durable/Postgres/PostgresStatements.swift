// The two statements every append runs, as prepared statements: postgres-nio prepares each
// once per pooled connection, so PostgreSQL stops parsing, analysing and planning them per
// append (about a third of its CPU with 64 clients streaming at once, measured with
// `perf`). The head is read through `PostgresSessionStore.sessionHead` (PostgresRows.swift).
import Foundation
import PostgresNIO

/// A session's row without its memory (enough to validate it and compare versions).
struct SessionHeadStatement: PostgresPreparedStatement {
    static let name = "memtx_session_head_v1"
    static let sql = """
        SELECT id, owner, created_at, last_used_at, expired_at, checkpoint_digest, format_version, chunks_read, version
        FROM memtx_sessions WHERE id = $1
        """
    typealias Row = SessionRow

    let id: String

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> SessionRow {
        let (id, owner, created, used, expired, digest, format, chunksRead, version) = try row.decode(
            (String, String, Double, Double, Double?, String, Int, Int, Int).self)
        return SessionRow(id: id, owner: owner, createdAt: created, lastUsedAt: used, expiredAt: expired,
                          checkpointDigest: digest, formatVersion: format, memory: Data(), chunksRead: chunksRead,
                          version: version)
    }
}

/// The compare-and-set append: the session row's counters and last use move on only from
/// `expectedVersion`, and the chunk row is inserted only from the row that moved. Returns
/// the chunk's `seq`, or no row when the version was not the expected one.
struct AppendChunkStatement: PostgresPreparedStatement {
    static let name = "memtx_append_chunk_v1"
    static let sql = """
        WITH updated AS (
            UPDATE memtx_sessions SET chunks_read = $1, version = $2, last_used_at = GREATEST(last_used_at, $3)
            WHERE id = $4 AND version = $5 AND expired_at IS NULL
            RETURNING id)
        INSERT INTO memtx_chunks (session_id, seq, content_hash, text, record, first_word, word_count,
                                  first_label, label_count, memory_size, chunks_read, memory_delta)
        SELECT id, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16 FROM updated
        RETURNING seq
        """
    typealias Row = Int

    let sessionID: String
    let expectedVersion: Int
    /// The session's counters after the chunk, and when it was used.
    let chunksRead: Int, newVersion: Int, usedAt: Double
    let chunk: ChunkRow

    func makeBindings() throws -> PostgresBindings {
        let receipt = chunk.receipt
        var bindings = PostgresBindings(capacity: 16)
        bindings.append(chunksRead)
        bindings.append(newVersion)
        bindings.append(usedAt)
        bindings.append(sessionID)
        bindings.append(expectedVersion)
        bindings.append(chunk.seq)
        bindings.append(Int64(bitPattern: receipt.contentHash))
        try bindings.append(Data(chunk.text.utf8))
        try bindings.append(chunk.record)
        bindings.append(receipt.firstWord)
        bindings.append(receipt.wordCount)
        bindings.append(receipt.firstLabel)
        bindings.append(receipt.labelCount)
        bindings.append(receipt.memorySize)
        bindings.append(receipt.chunksRead)
        try bindings.append(chunk.memoryDelta)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int {
        try row.decode(Int.self)
    }
}
