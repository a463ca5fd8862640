// The rows every store keeps, whatever the database: a session's row (owner, times, the
// memory it started with, counters, checkpoint digest, format version) and one row per
// acknowledged chunk (its text, words + online labels as bytes, receipt, and what it did
// to the memory: `MemoryDelta`), so a session is a log of chunk rows. Here: the checks a
// row must pass before its session is served, how a session is rebuilt or brought up to
// date from rows, and the chunk row an append adds. The in-memory, SQLite and PostgreSQL
// stores share all of it; only where they keep the rows differs.
import Foundation
import MemoryTransformer

/// The layout version both durable stores write (tables, `BinaryCoding`, `MemoryDelta`);
/// bump it on any change, and sessions written under another version are refused with 409.
/// 2: each chunk row carries its memory delta; the session row keeps the first memory.
enum DurableFormat {
    static let version = 2
}

/// A session's row, as a store keeps it.
public struct SessionRow: Sendable {
    public let id: String, owner: String
    /// Seconds since 1970.
    public let createdAt: Double
    public internal(set) var lastUsedAt: Double, expiredAt: Double?
    public let checkpointDigest: String, formatVersion: Int
    /// `Memory.encoded()` of the memory the session started with (its chunk rows' deltas
    /// lead from it to the current one); empty when the read left it out.
    public internal(set) var memory: Data
    public internal(set) var chunksRead: Int
    /// Number of acknowledged chunks (the next `seq`); a copy with another version is stale.
    public internal(set) var version: Int

    /// Whether a read at `now` should write the session's last use: at most every 10 s, or
    /// a sixtieth of a shorter `idleTimeout` (each write is a commit; expiry may come that
    /// much early for a session that is only read).
    func lastUseIsStale(at now: Date, idleTimeout: Duration) -> Bool {
        now.timeIntervalSince1970 - lastUsedAt >= min(10, idleTimeout.inSeconds / 60)
    }

    /// Throws unless this is a live session of `owner` that a server running
    /// `checkpointDigest` can continue: `notFound` (absent or another owner's), `expired`
    /// (marked, or idle past `idleTimeout` at `now`: the caller marks it), `incompatible`.
    func validate(owner: String, now: Date, idleTimeout: Duration, checkpointDigest serving: String) throws {
        guard self.owner == owner else { throw SessionStoreError.notFound(id: id) }
        if let expiredAt {
            throw SessionStoreError.expired(id: id, at: Date(timeIntervalSince1970: expiredAt))
        }
        let expiry = lastUsedAt + idleTimeout.inSeconds
        guard now.timeIntervalSince1970 < expiry else {
            throw SessionStoreError.expired(id: id, at: Date(timeIntervalSince1970: expiry))
        }
        guard checkpointDigest == serving, formatVersion == DurableFormat.version else {
            throw SessionStoreError.incompatible(
                id: id, reason: "it was made by checkpoint \(checkpointDigest.prefix(12))… (storage format \(formatVersion)); this server runs \(serving.prefix(12))… (format \(DurableFormat.version))")
        }
    }
}

extension SessionStoreError {
    /// Why an append of chunk `seq` to session `id` wrote nothing, from the session's row
    /// as read after it (nil: no row): gone, expired, or another writer took the seq.
    static func appendRefused(id: String, seq: Int, row: SessionRow?) -> SessionStoreError {
        guard let row else { return .notFound(id: id) }
        if let expiredAt = row.expiredAt { return .expired(id: id, at: Date(timeIntervalSince1970: expiredAt)) }
        return .seqTaken(id: id, seq: seq)
    }
}

/// One acknowledged chunk's row.
public struct ChunkRow: Sendable {
    /// The chunk's `seq`: rows of a session are numbered 0, 1, 2… without gaps.
    public let seq: Int
    /// The text the document gained with this chunk.
    public let text: String
    /// `ChunkRecordCoding` of its words and the online labels it completed.
    public let record: Data
    public let receipt: ChunkReceipt
    /// `MemoryDelta` from the memory before this chunk to the memory after it.
    public let memoryDelta: Data

    /// The row of the chunk just appended to `session` (its last receipt, `seq`): the text
    /// from UTF-8 offset `utf8Start` on, the memory's change since `memoryBefore`.
    static func added(to session: Session, seq: Int, textUTF8From utf8Start: Int, memoryBefore: Memory) -> ChunkRow {
        precondition(session.receipts.count == seq + 1, "the chunk is the session's last")
        let receipt = session.receipts[seq]
        return ChunkRow(
            seq: seq, text: String(decoding: session.text.utf8.dropFirst(utf8Start), as: UTF8.self),
            record: ChunkRecordCoding.encode(
                words: session.state.words[receipt.firstWord..<(receipt.firstWord + receipt.wordCount)],
                labels: session.state.onlineLabels[receipt.firstLabel..<(receipt.firstLabel + receipt.labelCount)]),
            receipt: receipt, memoryDelta: MemoryDelta.encode(from: memoryBefore, to: session.state.memory))
    }
}

extension Session {
    /// The session a session row and all its chunk rows describe.
    static func rebuilt(from row: SessionRow, chunks: [ChunkRow]) throws -> Session {
        var session = Session(id: row.id, owner: row.owner, now: Date(timeIntervalSince1970: row.createdAt),
                              state: DocumentState(memory: try Self.memory(of: row)))
        try session.catchUp(to: row, newChunks: chunks)
        return session
    }

    /// Brings a copy made from older rows up to `row`: appends `newChunks` (the rows with
    /// `seq >= nextSeq`, in order), applying their memory deltas, and takes the row's counters.
    mutating func catchUp(to row: SessionRow, newChunks chunks: [ChunkRow]) throws {
        var memory = state.memory
        for chunk in chunks {
            guard chunk.seq == nextSeq else {
                throw SessionStoreError.storageFailure(reason: "session \(id) is missing chunk \(nextSeq)")
            }
            let record: (words: [Word], labels: [LabeledWord])
            do { record = try ChunkRecordCoding.decode(chunk.record) } catch {
                throw SessionStoreError.storageFailure(reason: "session \(id) chunk \(chunk.seq): \(error)")
            }
            do { memory = try MemoryDelta.apply(chunk.memoryDelta, to: memory) } catch {
                throw SessionStoreError.storageFailure(reason: "session \(id) chunk \(chunk.seq): \(error)")
            }
            state.words += record.words
            state.onlineLabels += record.labels
            appendText(chunk.text)
            receipts.append(chunk.receipt)
        }
        state.memory = memory
        state.chunksRead = row.chunksRead
        lastUsedAt = Date(timeIntervalSince1970: row.lastUsedAt)
        version = row.version
    }

    private static func memory(of row: SessionRow) throws -> Memory {
        do { return try Memory.decoded(from: row.memory) } catch {
            throw SessionStoreError.storageFailure(reason: "session \(row.id): \(error)")
        }
    }
}

/// How a store creates a session under its cap.
enum CappedCreation {
    /// Runs `insert` (which inserts only below the cap, atomically, and says whether it
    /// did); when full, `sweep`s expired sessions and tries once more; still full, throws
    /// `tooManySessions` with the wait until the least recently used live session
    /// (`oldestLastUse`, seconds since 1970) expires.
    static func create(_ session: Session, limit: Int, idleTimeout: Duration,
                       isolation: isolated (any Actor)? = #isolation,
                       insert: () async throws -> Bool, sweep: () async -> Void,
                       oldestLastUse: () async throws -> Double?) async throws {
        if try await insert() { return }
        await sweep()
        if try await insert() { return }
        let now = session.createdAt.timeIntervalSince1970
        let expiry = (try await oldestLastUse() ?? now) + idleTimeout.inSeconds
        throw SessionStoreError.tooManySessions(limit: limit, retryAfterSeconds: max(1, Int((expiry - now).rounded(.up))))
    }
}
