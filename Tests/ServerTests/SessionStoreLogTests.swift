// The store protocol every store keeps (in memory and SQLite here; PostgreSQL in
// PostgresStoreTests): a session is a log; `append` is a compare-and-set on `seq` (a second
// writer of the same seq is refused with `seqTaken` and writes nothing); `load` returns the
// chunk rows from a seq on with the row's counters; `head` checks owner and expiry.
import Foundation
import MemoryTransformer
@testable import Server
import Testing

@Suite struct SessionStoreLogTests {
    /// A chunk row for `seq` with no words and an unchanged memory, told apart by `hash`.
    static func chunk(_ seq: Int, hash: UInt64, memory: Memory) -> ChunkRow {
        ChunkRow(seq: seq, text: "w\(seq) ", record: ChunkRecordCoding.encode(words: [], labels: []),
                 receipt: ChunkReceipt(contentHash: hash, firstWord: 0, wordCount: 0, firstLabel: 0, labelCount: 0,
                                       memorySize: 0, chunksRead: seq + 1),
                 memoryDelta: MemoryDelta.encode(from: memory, to: memory))
    }

    static func stores() throws -> [(String, any SessionStore)] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memtx-log-\(UUID().uuidString)")
        return [("memory", InMemorySessionStore(idleTimeout: .seconds(600), maxSessions: 10)),
                ("sqlite", try SQLiteSessionStore(directory: directory, checkpointDigest: Harness.model.1,
                                                  idleTimeout: .seconds(600), maxSessions: 10))]
    }

    @Test func appendIsACompareAndSetOnSeq() async throws {
        for (name, store) in try Self.stores() {
            let now = Date()
            let session = Session(id: Session.newID(), owner: "o", now: now, state: Harness.model.0.newDocument())
            try await store.create(session)
            let memory = session.state.memory
            try await store.append(Self.chunk(0, hash: 10, memory: memory), to: session.id, chunksRead: 1, now: now)
            // A second writer that read the same head appends seq 0 too: refused, nothing written.
            await #expect(throws: SessionStoreError.seqTaken(id: session.id, seq: 0), "\(name)") {
                try await store.append(Self.chunk(0, hash: 20, memory: memory), to: session.id, chunksRead: 1, now: now)
            }
            // A gap is refused the same way.
            await #expect(throws: SessionStoreError.seqTaken(id: session.id, seq: 2), "\(name)") {
                try await store.append(Self.chunk(2, hash: 30, memory: memory), to: session.id, chunksRead: 3, now: now)
            }
            try await store.append(Self.chunk(1, hash: 40, memory: memory), to: session.id, chunksRead: 2, now: now)
            let head = try await store.head(id: session.id, owner: "o", now: now)
            #expect(head.version == 2 && head.chunksRead == 2 && head.memory.isEmpty, "\(name)")
            let whole = try await store.load(id: session.id, owner: "o", now: now, fromSeq: 0)
            #expect(whole.chunks.map(\.receipt.contentHash) == [10, 40] && !whole.row.memory.isEmpty, "\(name)")
            let tail = try await store.load(id: session.id, owner: "o", now: now, fromSeq: 1)
            #expect(tail.chunks.map(\.seq) == [1], "\(name)")
            let rebuilt = try Session.rebuilt(from: whole.row, chunks: whole.chunks)
            #expect(rebuilt.nextSeq == 2 && rebuilt.text == "w0 w1 " && rebuilt.state.chunksRead == 2, "\(name)")
        }
    }

    @Test func headChecksOwnerAndExpiryAndAnExpiredSessionTakesNoChunk() async throws {
        for (name, store) in try Self.stores() {
            let now = Date()
            let session = Session(id: Session.newID(), owner: "o", now: now, state: Harness.model.0.newDocument())
            try await store.create(session)
            await #expect(throws: SessionStoreError.notFound(id: session.id), "\(name)") {
                _ = try await store.head(id: session.id, owner: "someone else", now: now)
            }
            let later = now.addingTimeInterval(601)
            do {
                _ = try await store.head(id: session.id, owner: "o", now: later)
                Issue.record("\(name): an expired session was served")
            } catch SessionStoreError.expired(let id, _) {
                #expect(id == session.id)
            }
            do {
                try await store.append(Self.chunk(0, hash: 1, memory: session.state.memory), to: session.id, chunksRead: 1, now: later)
                Issue.record("\(name): an expired session took a chunk")
            } catch SessionStoreError.expired(let id, _) {
                #expect(id == session.id)
            }
            #expect(await store.count() == 0, "\(name)")
        }
    }
}
