// The durable store: sessions rebuilt from SQLite after a restart (memory, words, next
// seq, replays) equal the uninterrupted ones; another checkpoint's sessions are refused;
// expiry survives a restart; a corrupt memory row is a typed error, not a crash.
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import MemoryTransformer
import Server
import Testing

@Suite struct SQLiteStoreTests {
    static func directory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("memtx-sqlite-\(UUID().uuidString)")
    }

    static func store(_ directory: URL, digest: String = Harness.model.1, idleMinutes: Double = 30) throws -> SQLiteSessionStore {
        try SQLiteSessionStore(directory: directory, checkpointDigest: digest,
                               idleTimeout: .milliseconds(Int64(idleMinutes * 60_000)), maxSessions: 10)
    }

    @Test func sessionsSurviveARestartExactly() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = LongDocument.text(words: 700)
        let pieces = LongDocument.pieces(of: text, about: 500)
        let (id, labelsBefore, memoryBefore, firstReply) = try await Harness.application(
            Harness.services(store: try Self.store(directory))
        ).test(.router) { client in
            let id = try await SessionRouteTests.create(client)
            var firstReply = ""
            for (seq, piece) in pieces.enumerated().dropLast() {
                let response = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: SessionRouteTests.chunk(seq, piece))
                if seq == 0 { firstReply = String(buffer: response.body) }
            }
            let labels = String(buffer: try await Harness.call(client, .get, "/v1/sessions/\(id)/labels?limit=10000").body)
            let memory = String(buffer: try await Harness.call(client, .get, "/v1/sessions/\(id)/memory").body)
            return (id, labels, memory, firstReply)
        }
        // A new process: a new store on the same file.
        try await Harness.application(Harness.services(store: try Self.store(directory))).test(.router) { client in
            #expect(String(buffer: try await Harness.call(client, .get, "/v1/sessions/\(id)/labels?limit=10000").body) == labelsBefore)
            #expect(String(buffer: try await Harness.call(client, .get, "/v1/sessions/\(id)/memory").body) == memoryBefore)
            let replay = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: SessionRouteTests.chunk(0, pieces[0]))
            let replayed = try Harness.decode(ChunkBody.self, replay), original = try Harness.decoder.decode(ChunkBody.self, from: Data(firstReply.utf8))
            #expect(replayed.replayed && replayed.words == original.words && replayed.memory == original.memory)
            let last = pieces.count - 1
            let response = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: SessionRouteTests.chunk(last, pieces[last]))
            #expect(response.status == .ok)
            // The restored session continues exactly as the whole document.
            let whole = try Harness.decode(LabelledDocumentBody.self, try await Harness.call(
                client, .post, "/v1/label", body: #"{"text": \#(String(decoding: try JSONEncoder().encode(text), as: UTF8.self))}"#))
            let page = try Harness.decode(LabelsPageBody.self, try await Harness.call(client, .get, "/v1/sessions/\(id)/labels?limit=10000"))
            #expect(page.words.map(\.label) == whole.words.map(\.label) && page.words.map(\.end) == whole.words.map(\.end))
        }
    }

    @Test func anotherCheckpointsSessionsAreRefusedAndExpiryPersists() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let kept = try await Harness.application(Harness.services(store: try Self.store(directory))).test(.router) { client in
            try await SessionRouteTests.create(client)
        }
        try await Harness.application(Harness.services(store: try Self.store(directory, digest: String(repeating: "0", count: 64))))
            .test(.router) { client in
                let response = try await Harness.call(client, .get, "/v1/sessions/\(kept)/memory")
                try Harness.expectError(response, .conflict, "session_incompatible")
            }
        let expiring = try await Harness.application(Harness.services(store: try Self.store(directory, idleMinutes: 0.01))).test(.router) { client in
            try await SessionRouteTests.create(client)
        }
        try await Task.sleep(for: .milliseconds(900))
        let restarted = try Self.store(directory, idleMinutes: 0.01)
        try await Harness.application(Harness.services(store: restarted)).test(.router) { client in
            let response = try await Harness.call(client, .get, "/v1/sessions/\(expiring)/memory")
            try Harness.expectError(response, .gone, "session_expired")
        }
        // Finding the expired session swept every idle one (`kept` is idle past 0.6 s too).
        #expect(await restarted.count() == 0)
    }

    @Test func concurrentCreationsNeverPassTheCap() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSessionStore(directory: directory, checkpointDigest: Harness.model.1,
                                           idleTimeout: .seconds(600), maxSessions: 5)
        let empty = Harness.model.0.newDocument()
        let created = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    (try? await store.create(Session(id: Session.newID(), owner: "o", now: Date(), state: empty))) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(created == 5)
        #expect(await store.count() == 5)
    }

    @Test func readsMoveTheExpiry() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let start = Date()
        let session = Session(id: Session.newID(), owner: "o", now: start, state: Harness.model.0.newDocument())
        try await Self.store(directory).create(session)
        // Read 29 minutes in (30-minute time-out), then 31 minutes in by a restarted store:
        // alive, because the first read moved its expiry on disk.
        _ = try await Self.store(directory).head(id: session.id, owner: "o", now: start.addingTimeInterval(29 * 60))
        let later = try await Self.store(directory).head(id: session.id, owner: "o", now: start.addingTimeInterval(31 * 60))
        #expect(later.id == session.id)
        // Idle 30 minutes after that last read: expired.
        await #expect(throws: SessionStoreError.self) {
            _ = try await Self.store(directory).head(id: session.id, owner: "o", now: start.addingTimeInterval(62 * 60))
        }
    }

    @Test func corruptRowsAreTypedErrors() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let id = try await Harness.application(Harness.services(store: try Self.store(directory))).test(.router) { client in
            try await SessionRouteTests.create(client)
        }
        let queue = try DatabaseQueue(path: directory.appendingPathComponent("sessions.sqlite").path)
        try await queue.write { db in try db.execute(sql: "UPDATE sessions SET memory = x'0102'") }
        try await Harness.application(Harness.services(store: try Self.store(directory))).test(.router) { client in
            let response = try await Harness.call(client, .get, "/v1/sessions/\(id)/memory", checkSpec: false)
            try Harness.expectError(response, .serviceUnavailable, "storage_unavailable")
        }
        // Not a database at all.
        let garbage = Self.directory()
        try FileManager.default.createDirectory(at: garbage, withIntermediateDirectories: true)
        try Data("not sqlite".utf8).write(to: garbage.appendingPathComponent("sessions.sqlite"))
        #expect(throws: (any Error).self) { _ = try Self.store(garbage) }
        try? FileManager.default.removeItem(at: garbage)
    }
}
