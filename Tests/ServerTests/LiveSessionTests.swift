// Each live session (its copy and its DocumentReader) kept between requests: the labels and
// memory are the same bytes whether it is kept (64 MiB) or not (0, two sessions taking
// turns: every append rebuilds its session from the store's rows); a copy whose append the store refused is
// not kept; the cache stays within its budget, evicts least recently used first, and
// /metrics counts it.
import Foundation
import Hummingbird
import HummingbirdTesting
import MemoryTransformer
@testable import Server
import Testing

@Suite struct LiveSessionTests {
    /// Streams `pieces` into `sessions` sessions taking turns; returns every session's labels and memory.
    static func stream(_ pieces: [String], sessions: Int, cacheMiB: Int) async throws -> (results: [String], metrics: String) {
        try await Harness.application { $0.limits.sessionCacheMib = cacheMiB }.test(.router) { client in
            var ids: [String] = []
            for _ in 0..<sessions { ids.append(try await SessionRouteTests.create(client)) }
            for (seq, piece) in pieces.enumerated() {
                for id in ids {
                    let response = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: SessionRouteTests.chunk(seq, piece))
                    #expect(response.status == .ok)
                }
            }
            var results: [String] = []
            for id in ids {
                results.append(String(buffer: try await Harness.call(client, .get, "/v1/sessions/\(id)/labels?limit=10000").body))
                results.append(String(buffer: try await Harness.call(client, .get, "/v1/sessions/\(id)/memory").body))
            }
            let metrics = String(buffer: try await Harness.call(client, .get, "/metrics").body)
            return (results, metrics)
        }
    }

    static func value(_ metric: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(metric + " ") }.flatMap { Double($0.split(separator: " ").last!) }
    }

    @Test func labelsAndMemoryDoNotDependOnWhetherTheRuntimeIsKept() async throws {
        let pieces = LongDocument.pieces(of: LongDocument.text(words: 900), about: 90)
        let kept = try await Self.stream(pieces, sessions: 2, cacheMiB: 64)
        let none = try await Self.stream(pieces, sessions: 2, cacheMiB: 0)
        #expect(kept.results == none.results)
        let appends = Double(pieces.count * 2)
        // Kept: every append after a session's first finds its runtime.
        #expect(Self.value("memtx_session_runtime_hits_total", in: kept.metrics) == appends - 2)
        #expect(Self.value("memtx_session_runtimes", in: kept.metrics) == 2)
        #expect((Self.value("memtx_session_runtime_bytes", in: kept.metrics) ?? 0) > 0)
        // A budget of 0 keeps only the copy just used: the two sessions taking turns rebuild
        // at every append, and each check-in of the other session (all but the first append,
        // and the first read of each session) evicts one.
        #expect(Self.value("memtx_session_runtime_misses_total", in: none.metrics) == appends)
        #expect(Self.value("memtx_session_runtime_evictions_total", in: none.metrics) == appends + 1)
        #expect(Self.value("memtx_session_runtimes", in: none.metrics) == 1)
    }

    @Test func anAppendReportsTheModelsOwnTimeAndAReplayDoesNot() async throws {
        try await Harness.application().test(.router) { client in
            let id = try await SessionRouteTests.create(client)
            let body = SessionRouteTests.chunk(0, LongDocument.text(words: 150))
            let first = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: body)
            let timing = try #require(first.headers[HTTPFields.Element.Name("Server-Timing")!])
            let milliseconds = try #require(Double(timing.replacingOccurrences(of: "model;dur=", with: "")))
            #expect(milliseconds > 0 && milliseconds < 10_000)
            let replay = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: body)
            #expect(replay.status == .ok && replay.headers[HTTPFields.Element.Name("Server-Timing")!] == nil)
        }
    }

    /// A store whose next append is refused after the append's model ran (as when another
    /// replica's chunk won the compare-and-set, or the database failed).
    actor RefusingStore: SessionStore {
        let inner = InMemorySessionStore(idleTimeout: .seconds(600), maxSessions: 10)
        var refuseNext = false
        nonisolated var idleTimeout: Duration { .seconds(600) }
        nonisolated var isShared: Bool { false }
        func refuseNextWrite() { refuseNext = true }
        func create(_ session: Session) async throws { try await inner.create(session) }
        func head(id: String, owner: String, now: Date) async throws -> SessionRow {
            try await inner.head(id: id, owner: owner, now: now)
        }
        func load(id: String, owner: String, now: Date, fromSeq seq: Int) async throws -> SessionLog {
            try await inner.load(id: id, owner: owner, now: now, fromSeq: seq)
        }
        func append(_ chunk: ChunkRow, to id: String, chunksRead: Int, now: Date) async throws {
            guard refuseNext else { return try await inner.append(chunk, to: id, chunksRead: chunksRead, now: now) }
            refuseNext = false
            throw SessionStoreError.storageFailure(reason: "refused for the test")
        }
        func delete(id: String, owner: String, now: Date) async throws { try await inner.delete(id: id, owner: owner, now: now) }
        func sweep(now: Date) async -> Int { await inner.sweep(now: now) }
        func count() async -> Int { await inner.count() }
    }

    @Test func aRuntimeWhoseWriteWasRefusedIsNotKept() async throws {
        let (model, digest) = Harness.model
        let words = LongDocument.text(words: 400).split(separator: " ").map(String.init)
        let chunks = stride(from: 0, to: words.count, by: 100).map { Array(words[$0..<min($0 + 100, words.count)]) }
        let other = Array(words.reversed().prefix(100))   // different words for seq 0, refused
        var finals: [[LabeledWord]] = []
        for refused in [false, true] {
            let store = RefusingStore()
            let service = SessionService(store: store, compute: LabelingService(model: model, digest: digest, maxQueueDepth: 8),
                                         limits: ServiceLimits())
            let session = try await service.create(owner: "o")
            if refused {
                await store.refuseNextWrite()
                await #expect(throws: APIError.self) {
                    try await service.append(id: session.id, owner: "o", seq: 0, content: .words(other))
                }
                #expect(service.liveSessions.usage.count == 0, "the copy that read the refused chunk is dropped")
            }
            for (seq, chunk) in chunks.enumerated() {
                _ = try await service.append(id: session.id, owner: "o", seq: seq, content: .words(chunk))
            }
            #expect(service.liveSessions.usage.count == 1)
            let (_, done) = try await service.finished(id: session.id, owner: "o")
            finals.append(model.finalLabels(done))
        }
        #expect(finals[0] == finals[1], "the same labels as a session that never saw the refused chunk")
    }

    @Test func theCacheKeepsItsBudgetAndDropsTheLeastRecentlyUsed() {
        let model = Harness.model.0
        let one = DocumentReader(model: model, embeddingCacheWords: 256)
        var state = model.newDocument()
        model.read(&state, words: Tokenizer().tokenize(LongDocument.text(words: 200)), reader: one)
        let live = { LiveSession(Session(id: "x", owner: "o", now: Date(), state: state), reader: one) }
        let size = live().residentBytes
        #expect(size > one.residentBytes)
        let cache = LiveSessions(budgetBytes: 2 * size + size / 2, metrics: nil)
        for id in ["a", "b", "c"] {
            cache.checkIn(id, id == "a" ? live()
                : LiveSession(Session(id: id, owner: "o", now: Date(), state: model.newDocument()),
                              reader: DocumentReader(model: model, embeddingCacheWords: 256)))
        }
        // Fresh sessions hold less than the used one; whatever the sizes, the budget holds.
        #expect(cache.usage.bytes <= cache.budgetBytes)
        #expect(cache.checkOut("c", forAppend: false) != nil, "the most recent stays")
        cache.checkIn("c", live())
        cache.checkIn("d", live())
        cache.checkIn("e", live())
        #expect(cache.usage.count == 2 && cache.usage.bytes <= cache.budgetBytes)
        #expect(cache.checkOut("c", forAppend: false) == nil, "the least recently used went first")
        #expect(cache.checkOut("e", forAppend: false) != nil)
        cache.drop("d")
        #expect(cache.usage.count == 0 && cache.usage.bytes == 0)
    }
}
