// `memtx serve --store`: which session store the flag names (parsed in one place, for
// validation and for use), and opening it with a start-up log of what it holds.
import ArgumentParser
import Foundation
import Logging
import Server

/// The session store `--store` names.
enum SessionStoreChoice {
    case sqlite
    case memory
    case postgres(PostgresURL)

    /// `sqlite`, `memory` or a `postgres://` URL.
    init(_ text: String) throws {
        switch text {
        case "sqlite": self = .sqlite
        case "memory": self = .memory
        case _ where PostgresURL.looksLikeOne(text):
            do { self = .postgres(try PostgresURL(text)) } catch { throw ValidationError("--store: \(error)") }
        default: throw ValidationError("--store must be sqlite, memory or a postgres:// URL, not \(text)")
        }
    }
}

extension ServeCommand {
    /// The store `choice` names, opened (nil: the in-memory store the services make). A
    /// PostgreSQL store is closed by the application at shutdown (it is one of its services).
    func openStore(_ choice: SessionStoreChoice, digest: String, idleTimeout: Duration, metrics: ServiceMetrics,
                   logger: Logger) async throws -> (any SessionStore)? {
        let onExpire: @Sendable (Int) -> Void = { metrics.expiredSessions.increment(by: Int64($0)) }
        func logInventory(_ place: String, live: Int, other: Int) {
            logger.info("session store \(place): \(live) live sessions\(other > 0 ? ", \(other) made by another checkpoint (refused with 409)" : "")")
        }
        switch choice {
        case .postgres(let url):
            let shared = try await PostgresSessionStore(url: url, checkpointDigest: digest, idleTimeout: idleTimeout,
                                                        maxSessions: maxSessions, logger: logger, onExpire: onExpire)
            let (live, other) = try await shared.inventory()
            logInventory(url.redacted, live: live, other: other)
            return shared
        case .sqlite:
            let sqlite = try SQLiteSessionStore(directory: URL(fileURLWithPath: dataDir), checkpointDigest: digest,
                                                idleTimeout: idleTimeout, maxSessions: maxSessions, onExpire: onExpire)
            let (live, other) = try await sqlite.inventory()
            logInventory("\(dataDir)/sessions.sqlite", live: live, other: other)
            return sqlite
        case .memory:
            logger.warning("sessions are kept in memory only: a restart loses them")
            return nil
        }
    }
}
