// The compute queue: bounded depth, work dropped (never run) when the waiting task is
// cancelled or the requesting client's connection has closed, and small jobs inline only
// when nothing else holds the model.
import Foundation
import NIOEmbedded
import Server
import Synchronization
import Testing

@Suite struct ComputeQueueTests {
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
        func bump() { value.add(1, ordering: .relaxed) }
        var count: Int { value.load(ordering: .relaxed) }
    }

    static func service(depth: Int = 8) -> LabelingService {
        LabelingService(model: Harness.model.0, digest: Harness.model.1, maxQueueDepth: depth, metrics: ServiceMetrics())
    }

    @Test func workForAClosedConnectionIsDropped() async throws {
        let service = Self.service(), ran = Counter()
        let closed = EmbeddedChannel()   // never connected: not active
        await #expect(throws: CancellationError.self) {
            try await ClientConnection.$channel.withValue(closed) { try await service.run { _ in ran.bump() } }
        }
        #expect(ran.count == 0)
        try await service.run { _ in ran.bump() }   // no connection bound: runs
        #expect(ran.count == 1)
    }

    @Test func cancelledWaitersNeverRunAndTheQueueIsBounded() async throws {
        let service = Self.service(depth: 2), ran = Counter()
        let blocker = DispatchSemaphore(value: 0)
        let first = Task { try await service.run { _ in blocker.wait() } }   // holds the queue
        try await Self.waitUntil { service.queueDepth >= 1 }
        let second = Task { try await service.run { _ in ran.bump() } }
        try await Self.waitUntil { service.queueDepth >= 2 }
        // Full: a third job is refused at once.
        await #expect(throws: APIError.self) { try await service.run { _ in ran.bump() } }
        second.cancel()
        blocker.signal()
        try await first.value
        await #expect(throws: CancellationError.self) { try await second.value }
        #expect(ran.count == 0 && service.queueDepth == 0)
    }

    @Test func aSmallJobRunsInlineOnlyWhenNothingElseHoldsTheModel() async throws {
        let service = Self.service(), ran = Counter()
        try await service.run(inlineIfIdle: true) { _ in ran.bump() }   // idle: runs at once
        #expect(ran.count == 1)
        let closed = EmbeddedChannel()
        await #expect(throws: CancellationError.self) {
            try await ClientConnection.$channel.withValue(closed) { try await service.run(inlineIfIdle: true) { _ in ran.bump() } }
        }
        #expect(ran.count == 1)
        // While a queued job holds the model, an inline-if-idle job waits its turn on the queue.
        let blocker = DispatchSemaphore(value: 0), inside = Counter()
        let first = Task { try await service.run { _ in inside.bump(); blocker.wait(); inside.bump() } }
        try await Self.waitUntil { inside.count == 1 }
        let second = Task { try await service.run(inlineIfIdle: true) { _ in #expect(inside.count == 2); ran.bump() } }
        try await Self.waitUntil { service.queueDepth >= 2 }
        #expect(ran.count == 1)
        blocker.signal()
        try await first.value
        try await second.value
        #expect(ran.count == 2 && service.queueDepth == 0)
    }

    /// Polls `condition` every 5 ms; fails the test after `seconds` instead of hanging.
    static func waitUntil(seconds: Double = 10, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !condition() {
            try #require(ContinuousClock.now < deadline, "condition not met within \(seconds) s")
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
