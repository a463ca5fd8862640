// The PostgreSQL store's probe verdicts, with the question to PostgreSQL replaced by one
// the test answers: one missed probe is asked again at once and does not refuse sessions;
// two in a row do, from the first miss; an answer clears it. No database needed.
import Foundation
import Logging
@testable import Server
import Synchronization
import Testing

struct PostgresReachabilityTests {
    /// A question that misses (sleeps past the probe's time-out) as `plan` says, then as
    /// `afterwards` says; counts how often it was asked, and whether `watched` was refusing
    /// sessions then.
    final class Question: Sendable {
        let missing = Mutex<[Bool]>([])
        let asked = Atomic<Int>(0)
        let askedWhileRefusing = Atomic<Bool>(false)
        let watched: PostgresReachability?
        let afterwards: Bool

        init(_ plan: [Bool], then afterwards: Bool = false, watching watched: PostgresReachability? = nil) {
            self.watched = watched
            self.afterwards = afterwards
            missing.withLock { $0 = plan }
        }

        func ask() async throws {
            asked.add(1, ordering: .relaxed)
            if watched?.unreachableSince != nil { askedWhileRefusing.store(true, ordering: .relaxed) }
            let misses = missing.withLock { plan in plan.isEmpty ? afterwards : plan.removeFirst() }
            if misses { try await Task.sleep(for: .seconds(5)) }
        }
    }

    /// Runs the probe (1 ms apart, 50 ms time-out) asking `question` until `done` holds
    /// (at most 10 s), then stops it.
    static func probe(_ reachability: PostgresReachability, asking question: Question,
                      until done: @escaping () -> Bool) async {
        let probing = Task {
            await reachability.probe(every: .milliseconds(1), timeout: .milliseconds(50), logger: Logger(label: "test")) {
                try await question.ask()
            }
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while !done() && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        probing.cancel()
        await probing.value
    }

    @Test func oneMissedProbeDoesNotRefuseSessions() async {
        let reachability = PostgresReachability()
        let question = Question([false, true, false, true, false], watching: reachability)
        await Self.probe(reachability, asking: question) { question.asked.load(ordering: .relaxed) >= 8 }
        #expect(question.asked.load(ordering: .relaxed) >= 8)
        #expect(!question.askedWhileRefusing.load(ordering: .relaxed) && reachability.unreachableSince == nil)
    }

    @Test func twoMissedProbesInARowDoFromTheFirstAndAnAnswerClearsIt() async {
        let reachability = PostgresReachability()
        let before = Date()
        await Self.probe(reachability, asking: Question([], then: true)) { reachability.unreachableSince != nil }
        let since = try? #require(reachability.unreachableSince)
        #expect(since.map { $0 >= before && $0 < Date() - 0.05 } == true)   // the first miss started 50 ms before the verdict
        await Self.probe(reachability, asking: Question([])) { reachability.unreachableSince == nil }
        #expect(reachability.unreachableSince == nil)
    }
}
