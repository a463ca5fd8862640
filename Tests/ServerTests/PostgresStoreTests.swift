// The PostgreSQL store as two replicas see it: two stores (two "processes") on one
// database. A session made on one is served by the other; chunks alternating between them
// give the labels of the whole document; the same chunk sent to both at once is applied
// once; an append is a compare-and-set on seq with nothing held between load and append; the session cap, owners,
// expiry, checkpoint refusal and migrations hold across replicas; an unreachable database
// is a typed storage failure. Needs MEMTX_TEST_POSTGRES_URL (`make test` provides it).
import Foundation
import Hummingbird
import HummingbirdTesting
import MemoryTransformer
@testable import Server
import Testing

@Suite(.enabled(if: ScratchPostgres.available, "MEMTX_TEST_POSTGRES_URL is not set: run through `make test`"))
struct PostgresStoreTests {
    static func store(_ url: PostgresURL, digest: String = Harness.model.1, idleMinutes: Double = 30,
                      maxSessions: Int = 10) async throws -> PostgresSessionStore {
        try await PostgresSessionStore(url: url, checkpointDigest: digest,
                                       idleTimeout: .milliseconds(Int64(idleMinutes * 60_000)), maxSessions: maxSessions)
    }

    /// Two replicas of the service, one database.
    static func replicas(_ url: PostgresURL) async throws -> (some ApplicationProtocol, some ApplicationProtocol) {
        (Harness.application(Harness.services(store: try await store(url))),
         Harness.application(Harness.services(store: try await store(url))))
    }

    @Test func chunksAlternatingBetweenReplicasGiveTheWholeDocumentsLabels() async throws {
        let url = try await ScratchPostgres.freshDatabase()
        let text = LongDocument.text(words: 700)
        let pieces = LongDocument.pieces(of: text, about: 400)
        #expect(pieces.count >= 6)
        let (a, b) = try await Self.replicas(url)
        try await a.test(.router) { clientA in
            try await b.test(.router) { clientB in
                let id = try await SessionRouteTests.create(clientA)
                for (seq, piece) in pieces.enumerated() {
                    let (writer, reader) = seq % 2 == 0 ? (clientA, clientB) : (clientB, clientA)
                    let response = try await Harness.call(writer, .post, "/v1/sessions/\(id)/chunks",
                                                          body: SessionRouteTests.chunk(seq, piece))
                    #expect(response.status == .ok)
                    // The other replica sees the chunk at once (no stale copy).
                    let memory = try Harness.decode(MemoryBody.self, try await Harness.call(reader, .get, "/v1/sessions/\(id)/memory"))
                    #expect(memory.wordsTotal == (try Harness.decode(ChunkBody.self, response)).wordsTotal)
                }
                let whole = try Harness.decode(LabelledDocumentBody.self, try await Harness.call(
                    clientA, .post, "/v1/label", body: #"{"text": \#(String(decoding: try JSONEncoder().encode(text), as: UTF8.self))}"#))
                let memoryA = String(buffer: try await Harness.call(clientA, .get, "/v1/sessions/\(id)/memory").body)
                let memoryB = String(buffer: try await Harness.call(clientB, .get, "/v1/sessions/\(id)/memory").body)
                #expect(memoryA == memoryB)
                for client in [clientA, clientB] {
                    let page = try Harness.decode(LabelsPageBody.self, try await Harness.call(client, .get, "/v1/sessions/\(id)/labels?limit=10000"))
                    #expect(page.words.map(\.label) == whole.words.map(\.label))
                    #expect(page.words.map(\.end) == whole.words.map(\.end))
                }
                // A retry of an old seq on the replica that did not apply it is a replay.
                let replay = try Harness.decode(ChunkBody.self, try await Harness.call(
                    clientB, .post, "/v1/sessions/\(id)/chunks", body: SessionRouteTests.chunk(0, pieces[0])))
                #expect(replay.replayed)
                // Deleted on one replica: gone on the other.
                #expect(try await Harness.call(clientB, .delete, "/v1/sessions/\(id)").status == .noContent)
                try Harness.expectError(try await Harness.call(clientA, .get, "/v1/sessions/\(id)/memory"), .notFound, "session_not_found")
            }
        }
    }

    @Test func theSameChunkSentToBothReplicasAtOnceIsAppliedOnce() async throws {
        let url = try await ScratchPostgres.freshDatabase()
        let pieces = LongDocument.pieces(of: LongDocument.text(words: 400), about: 300)
        let (a, b) = try await Self.replicas(url)
        try await a.test(.router) { clientA in
            try await b.test(.router) { clientB in
                let id = try await SessionRouteTests.create(clientA)
                var expectedWords = 0
                for (seq, piece) in pieces.enumerated() {
                    async let first = Harness.call(clientA, .post, "/v1/sessions/\(id)/chunks", body: SessionRouteTests.chunk(seq, piece))
                    async let second = Harness.call(clientB, .post, "/v1/sessions/\(id)/chunks", body: SessionRouteTests.chunk(seq, piece))
                    let replies = try [Harness.decode(ChunkBody.self, try await first), Harness.decode(ChunkBody.self, try await second)]
                    #expect(replies.filter { !$0.replayed }.count == 1)
                    #expect(replies[0].words == replies[1].words && replies[0].wordsTotal == replies[1].wordsTotal)
                    expectedWords += replies[0].words.count
                    #expect(replies[0].wordsTotal == expectedWords)
                }
                // Different content for the same seq at once: one is applied, the other is a conflict.
                let seq = pieces.count
                async let first = Harness.call(clientA, .post, "/v1/sessions/\(id)/chunks", body: SessionRouteTests.chunk(seq, "alpha beta "))
                async let second = Harness.call(clientB, .post, "/v1/sessions/\(id)/chunks", body: SessionRouteTests.chunk(seq, "gamma delta "))
                let statuses = [try await first.status, try await second.status]
                #expect(statuses.filter { $0 == .ok }.count == 1 && statuses.filter { $0 == .conflict }.count == 1)
                let chunks = try await ScratchPostgres.column(Int.self, "SELECT COUNT(*) FROM memtx_chunks", on: url)
                #expect(chunks == [pieces.count + 1])
            }
        }
    }

    @Test func nothingIsHeldBetweenALoadAndItsAppendAndALateWriterIsRefused() async throws {
        let url = try await ScratchPostgres.freshDatabase()
        let (a, b) = (try await Self.store(url), try await Self.store(url))
        let now = Date()
        let session = Session(id: Session.newID(), owner: "o", now: now, state: Harness.model.0.newDocument())
        try await a.create(session)
        // Both replicas load the empty session (as two appends of seq 0 would, before their model runs).
        #expect(try await a.load(id: session.id, owner: "o", now: now, fromSeq: 0).row.version == 0)
        #expect(try await b.load(id: session.id, owner: "o", now: now, fromSeq: 0).row.version == 0)
        // While "the model runs", the session's row is free: another transaction locks it at once.
        let locked = try await ScratchPostgres.column(
            Int.self, "SELECT version FROM memtx_sessions WHERE id = '\(session.id)' FOR NO KEY UPDATE NOWAIT", on: url)
        #expect(locked == [0])
        let memory = session.state.memory
        try await b.append(SessionStoreLogTests.chunk(0, hash: 2, memory: memory), to: session.id, chunksRead: 1, now: now)
        // A's append of the same seq finds it taken and writes nothing.
        await #expect(throws: SessionStoreError.seqTaken(id: session.id, seq: 0)) {
            try await a.append(SessionStoreLogTests.chunk(0, hash: 1, memory: memory), to: session.id, chunksRead: 1, now: now)
        }
        let chunks = try await ScratchPostgres.column(Int64.self, "SELECT content_hash FROM memtx_chunks", on: url)
        #expect(chunks == [2])
        // A catches up from the seq its copy lacks.
        let tail = try await a.load(id: session.id, owner: "o", now: now, fromSeq: 0)
        #expect(tail.row.version == 1 && tail.chunks.map(\.receipt.contentHash) == [2])
        #expect(try await a.head(id: session.id, owner: "o", now: now).version == 1)
        a.shutdown()
        b.shutdown()
    }

    @Test func aRestartedReplicaRebuildsTheSessionExactly() async throws {
        let url = try await ScratchPostgres.freshDatabase()
        let pieces = LongDocument.pieces(of: LongDocument.text(words: 500), about: 400)
        let (id, labels, memory) = try await Harness.application(Harness.services(store: try await Self.store(url))).test(.router) { client in
            let id = try await SessionRouteTests.create(client)
            for (seq, piece) in pieces.enumerated() {
                #expect(try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: SessionRouteTests.chunk(seq, piece)).status == .ok)
            }
            return (id, String(buffer: try await Harness.call(client, .get, "/v1/sessions/\(id)/labels?limit=10000").body),
                    String(buffer: try await Harness.call(client, .get, "/v1/sessions/\(id)/memory").body))
        }
        try await Harness.application(Harness.services(store: try await Self.store(url))).test(.router) { client in
            let labelsResponse = try await Harness.call(client, .get, "/v1/sessions/\(id)/labels?limit=10000")
            let memoryResponse = try await Harness.call(client, .get, "/v1/sessions/\(id)/memory")
            #expect(labelsResponse.status == .ok && memoryResponse.status == .ok)
            let (labelsAfter, memoryAfter) = (String(buffer: labelsResponse.body), String(buffer: memoryResponse.body))
            #expect(labelsAfter == labels, "labels differ: \(Harness.firstDifference(labelsAfter, labels))")
            #expect(memoryAfter == memory, "memory differs: \(Harness.firstDifference(memoryAfter, memory))")
        }
    }

    @Test func capOwnersExpiryAndCheckpointHoldAcrossReplicas() async throws {
        let url = try await ScratchPostgres.freshDatabase()
        let replicas = [try await Self.store(url, maxSessions: 5), try await Self.store(url, maxSessions: 5)]
        let empty = Harness.model.0.newDocument()
        let created = await withTaskGroup(of: String?.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let session = Session(id: Session.newID(), owner: "owner-a", now: Date(), state: empty)
                    return (try? await replicas[index % 2].create(session)) != nil ? session.id : nil
                }
            }
            return await group.reduce(into: [String]()) { if let id = $1 { $0.append(id) } }
        }
        #expect(created.count == 5)
        #expect(await replicas[1].count() == 5)
        do {
            try await replicas[0].create(Session(id: Session.newID(), owner: "owner-a", now: Date(), state: empty))
            Issue.record("a sixth session was accepted")
        } catch SessionStoreError.tooManySessions(let limit, let retry) {
            #expect(limit == 5 && retry > 0)
        }
        // Another owner's session does not exist for this owner.
        await #expect(throws: SessionStoreError.notFound(id: created[0])) {
            _ = try await replicas[1].head(id: created[0], owner: "owner-b", now: Date())
        }
        // A replica running another checkpoint refuses the sessions with a reason.
        let other = try await Self.store(url, digest: String(repeating: "0", count: 64))
        do {
            _ = try await other.head(id: created[0], owner: "owner-a", now: Date())
            Issue.record("another checkpoint's session was served")
        } catch SessionStoreError.incompatible(let id, let reason) {
            #expect(id == created[0] && reason.contains("checkpoint"))
        }
        // Idle past the time-out: 410 on every replica, and swept.
        let later = Date().addingTimeInterval(31 * 60)
        await #expect(throws: SessionStoreError.self) { _ = try await replicas[0].head(id: created[1], owner: "owner-a", now: later) }
        do {
            _ = try await replicas[1].head(id: created[1], owner: "owner-a", now: later)
            Issue.record("an expired session was served")
        } catch SessionStoreError.expired(let id, _) {
            #expect(id == created[1])
        }
        #expect(await replicas[0].count() == 0)
    }

    @Test func migrationsAreVersionedAndRunOnce() async throws {
        let url = try await ScratchPostgres.freshDatabase()
        // Four replicas starting at once: each migration applied exactly once.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { _ = try await Self.store(url) } }
            try await group.waitForAll()
        }
        #expect(try await ScratchPostgres.column(Int.self, "SELECT version FROM memtx_schema_migrations ORDER BY version", on: url)
                == PostgresSchema.migrations.map(\.version))
        let tables = try await ScratchPostgres.column(
            String.self, "SELECT tablename::text FROM pg_tables WHERE tablename LIKE 'memtx_%' ORDER BY tablename", on: url)
        #expect(tables == ["memtx_chunks", "memtx_schema_migrations", "memtx_sessions"])
        // Blobs are stored uncompressed ('e', EXTERNAL): compressing them cost PostgreSQL's CPU.
        let storage = try await ScratchPostgres.column(String.self, """
            SELECT attrelid::regclass::text || '.' || attname::text || '=' || attstorage::text FROM pg_attribute
            WHERE attrelid IN ('memtx_chunks'::regclass, 'memtx_sessions'::regclass) AND atttypid = 'bytea'::regtype
            ORDER BY 1
            """, on: url)
        #expect(storage == ["memtx_chunks.memory_delta=e", "memtx_chunks.record=e", "memtx_chunks.text=e",
                            "memtx_sessions.memory=e"])
    }

    @Test func anUnreachableDatabaseIsAStorageFailure() async throws {
        let closedPort = try PostgresURL("postgres://memtx@127.0.0.1:1/memtx?sslmode=disable")
        do {
            _ = try await PostgresSessionStore(url: closedPort, checkpointDigest: Harness.model.1, idleTimeout: .seconds(60),
                                               maxSessions: 1, startTimeout: .seconds(2))
            Issue.record("a store opened on a closed port")
        } catch SessionStoreError.storageFailure(let reason) {
            #expect(reason.contains("PostgreSQL"))
        }
    }

    @Test func whilePostgresIsDownSessionRequestsFailAtOnceThenRecover() async throws {
        let (server, url) = try ScratchPostgres.OwnServer.start()
        defer { server.remove() }
        let store = try await PostgresSessionStore(
            url: url, checkpointDigest: Harness.model.1, idleTimeout: .seconds(600), maxSessions: 10,
            probeInterval: .milliseconds(200), probeTimeout: .milliseconds(500))
        defer { store.shutdown() }
        let session = Session(id: Session.newID(), owner: "o", now: Date(), state: Harness.model.0.newDocument())
        // On a loaded machine two probes of the fresh server can miss their 500 ms (then the
        // store refuses at once, as it should) or the pool can fail a first connection: create
        // once it answers, within 30 s.
        var created = false
        for _ in 0..<60 where !created {
            do {
                try await store.create(session)
                created = true
            } catch SessionStoreError.storageFailure {
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        try #require(created)
        try server.pause()
        // Within seconds the probes (200 ms apart, 500 ms time-out) notice; from then on every
        // session operation is refused at once, with the reason, instead of waiting for the
        // pool (about a minute). Noticing is given 10 s (a loaded test run delays the probes;
        // a read sent before they notice waits for the pool); the refusal must be fast.
        var waited = 0
        while store.unreachableSince == nil && waited < 50 {
            try await Task.sleep(for: .milliseconds(200))
            waited += 1
        }
        try #require(store.unreachableSince != nil, "the probes never noticed PostgreSQL was gone")
        var refusedFast = false
        let started = ContinuousClock.now
        do {
            _ = try await store.head(id: session.id, owner: "o", now: Date())
        } catch SessionStoreError.storageFailure(let reason) where reason.contains("has not answered") {
            refusedFast = ContinuousClock.now - started < .milliseconds(100)
        }
        #expect(refusedFast)
        // PostgreSQL back: the session is served again, nothing lost.
        try server.resume()
        var served: SessionRow?
        for _ in 0..<120 where served == nil {
            try await Task.sleep(for: .milliseconds(500))
            served = try? await store.head(id: session.id, owner: "o", now: Date())
        }
        #expect(served?.id == session.id)
    }

    @Test func urlsAreParsedAndRedacted() throws {
        let url = try PostgresURL("postgresql://memtx:p%40ss@db.internal:6432/sessions?sslmode=require")
        #expect(url.host == "db.internal" && url.port == 6432 && url.username == "memtx" && url.password == "p@ss")
        #expect(url.database == "sessions" && url.sslMode == "require")
        #expect(!url.redacted.contains("p@ss") && !url.redacted.contains("p%40ss"))
        #expect(throws: PostgresURLError.missing(part: "database (the path)")) { try PostgresURL("postgres://u@h:5432/") }
        #expect(throws: PostgresURLError.unsupportedSSLMode("verify-full")) { try PostgresURL("postgres://u@h/db?sslmode=verify-full") }
        #expect(throws: PostgresURLError.notAURL("mysql://u:***@h/db")) { try PostgresURL("mysql://u:secret@h/db") }
        #expect(url.poolSize == 20 && url.clientConfiguration.options.maximumConnections == 20)
        let pooled = try PostgresURL("postgres://u@h/db?sslmode=disable&pool_size=8")
        #expect(pooled.poolSize == 8 && pooled.clientConfiguration.options.maximumConnections == 8)
        #expect(pooled.redacted.hasSuffix("pool_size=8"))
        for bad in ["0", "x", "1001"] {
            #expect(throws: PostgresURLError.invalidPoolSize(bad)) { try PostgresURL("postgres://u@h/db?pool_size=\(bad)") }
        }
    }
}
