// Whether PostgreSQL answers: a probe runs `SELECT 1` through the store's pool every few
// seconds, bounded by a time-out. When PostgreSQL goes away, postgres-nio's pool keeps a
// waiting request for about a minute before it fails; with the probe, the store refuses
// session operations at once (503 `storage_unavailable`, `Retry-After`) from the first
// failed probe until one succeeds again.
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// The last probe's verdict, shared by every request.
final class PostgresReachability: Sendable {
    private let unreachable = NIOLockedValueBox<Date?>(nil)

    /// When the probes started failing; nil while PostgreSQL answers.
    var unreachableSince: Date? { unreachable.withLockedValue { $0 } }

    /// Probes `client` every `interval`, each bounded by `timeout`, until cancelled.
    func probe(_ client: PostgresClient, every interval: Duration, timeout: Duration, logger: Logger) async {
        while !Task.isCancelled {
            let answered = (try? await withTimeLimit(timeout) { _ = try await client.query("SELECT 1").collect(); return true }) == true
            let since = unreachable.withLockedValue { since -> Date? in
                let before = since
                since = answered ? nil : (since ?? Date())
                return before
            }
            if answered, let since {
                logger.notice("PostgreSQL answers again (unreachable since \(since))")
            } else if !answered, since == nil {
                logger.error("PostgreSQL did not answer a probe within \(timeout): session requests get 503 until it does")
            }
            try? await Task.sleep(for: interval)
        }
    }
}
