// Each live session's compute runtime (its DocumentReader) kept between appends: the labels
// and memory are the same bytes whether the runtime is kept (64 MiB), never kept (0) or
// dropped now and then (a budget of about one runtime, two sessions taking turns); the
// cache stays within its budget, evicts least recently used first, and /metrics counts it.
import Foundation
import Hummingbird
import HummingbirdTesting
import MemoryTransformer
@testable import Server
import Testing

@Suite struct SessionRuntimeTests {
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
        // None kept: every append builds one, and each is dropped at once.
        #expect(Self.value("memtx_session_runtime_misses_total", in: none.metrics) == appends)
        #expect(Self.value("memtx_session_runtime_evictions_total", in: none.metrics) == appends)
        #expect(Self.value("memtx_session_runtimes", in: none.metrics) == 0)
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

    /// A store whose next write is refused after the append's model ran (as when another
    /// replica's chunk won the compare-and-set, or the database failed).
    actor RefusingStore: SessionStore {
        let inner = InMemorySessionStore(idleTimeout: .seconds(600), maxSessions: 10)
        var refuseNext = false
        nonisolated var idleTimeout: Duration { .seconds(600) }
        func refuseNextWrite() { refuseNext = true }
        func create(_ session: Session) async throws { try await inner.create(session) }
        func read(id: String, owner: String, now: Date) async throws -> Session { try await inner.read(id: id, owner: owner, now: now) }
        func update<T: Sendable>(id: String, owner: String, now: Date,
                                 _ body: @Sendable (inout Session) async throws -> T) async throws -> T {
            guard refuseNext else { return try await inner.update(id: id, owner: owner, now: now, body) }
            refuseNext = false
            var copy = try await inner.read(id: id, owner: owner, now: now)
            _ = try await body(&copy)
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
                #expect(service.runtimes.usage.count == 0, "the runtime that read the refused chunk is dropped")
            }
            for (seq, chunk) in chunks.enumerated() {
                _ = try await service.append(id: session.id, owner: "o", seq: seq, content: .words(chunk))
            }
            #expect(service.runtimes.usage.count == 1)
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
        let size = one.residentBytes
        #expect(size > 0)
        let runtimes = SessionRuntimes(budgetBytes: 2 * size + size / 2, metrics: nil)
        for id in ["a", "b", "c"] { runtimes.checkIn(id, SessionRuntimes.Slot(id == "a" ? one : DocumentReader(model: model, embeddingCacheWords: 256))) }
        // Fresh readers hold less than the used one; whatever the sizes, the budget holds.
        #expect(runtimes.usage.bytes <= runtimes.budgetBytes)
        #expect(runtimes.checkOut("c") != nil, "the most recent stays")
        runtimes.checkIn("c", SessionRuntimes.Slot(one))
        runtimes.checkIn("d", SessionRuntimes.Slot(one))
        runtimes.checkIn("e", SessionRuntimes.Slot(one))
        #expect(runtimes.usage.count == 2 && runtimes.usage.bytes <= runtimes.budgetBytes)
        #expect(runtimes.checkOut("c") == nil, "the least recently used went first")
        #expect(runtimes.checkOut("e") != nil)
        runtimes.drop("d")
        #expect(runtimes.usage.count == 0 && runtimes.usage.bytes == 0)
    }
}
