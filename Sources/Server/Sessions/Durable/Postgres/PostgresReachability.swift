// Whether PostgreSQL answers: a probe runs `SELECT 1` through the store's pool every few
// seconds, bounded by a time-out. When PostgreSQL goes away, postgres-nio's pool keeps a
// waiting request for about a minute before it fails; with the probe, the store refuses
// session operations at once (503 `storage_unavailable`, `Retry-After`) from the second
// missed probe in a row until one succeeds again. One miss alone is asked again at once:
// on a loaded machine (a busy event loop, a pool opening its first connection) a single
// probe can miss its time-out while PostgreSQL answers every other query.
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// The probes' verdict, shared by every request.
final class PostgresReachability: Sendable {
    private let unreachable = NIOLockedValueBox<Date?>(nil)
    /// Probes missed in a row before PostgreSQL counts as not answering.
    static let missesBeforeUnreachable = 2

    /// When the probes started failing; nil while PostgreSQL answers.
    var unreachableSince: Date? { unreachable.withLockedValue { $0 } }

    /// Probes `client` every `interval` (the first one `interval` after the call: the
    /// store's start has just shown PostgreSQL answering), each bounded by `timeout`, until
    /// cancelled. A miss is probed again at once; `missesBeforeUnreachable` in a row mark
    /// PostgreSQL as not answering since the first of them.
    func probe(_ client: PostgresClient, every interval: Duration, timeout: Duration, logger: Logger) async {
        await probe(every: interval, timeout: timeout, logger: logger) { _ = try await client.query("SELECT 1").collect() }
    }

    /// The probe loop with its question (`ask` answers or throws) passed in: for tests.
    func probe(every interval: Duration, timeout: Duration, logger: Logger,
               ask: @escaping @Sendable () async throws -> Void) async {
        var firstMiss: Date?
        var misses = 0
        try? await Task.sleep(for: interval)
        while !Task.isCancelled {
            let started = Date()
            let answered = (try? await withTimeLimit(timeout) { try await ask(); return true }) == true
            if answered {
                misses = 0
                firstMiss = nil
                if let since = unreachable.withLockedValue({ since -> Date? in defer { since = nil }; return since }) {
                    logger.notice("PostgreSQL answers again (unreachable since \(since))")
                }
            } else {
                misses += 1
                firstMiss = firstMiss ?? started
                if misses < Self.missesBeforeUnreachable { continue }   // asked again at once
                let marked = unreachable.withLockedValue { since -> Bool in
                    defer { since = since ?? firstMiss }
                    return since == nil
                }
                if marked {
                    logger.error("PostgreSQL did not answer \(misses) probes of \(timeout) in a row: session requests get 503 until it does")
                }
            }
            try? await Task.sleep(for: interval)
        }
    }
}
