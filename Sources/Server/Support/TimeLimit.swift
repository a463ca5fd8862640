// An operation raced against a clock: used where a wait has no bound of its own (the
// PostgreSQL start-up migration and reachability probe, draining a refused request body).
import Foundation

/// `operation`'s result, or nil if `limit` passes first (the operation is then cancelled).
func withTimeLimit<T: Sendable>(_ limit: Duration,
                                _ operation: @escaping @Sendable () async throws -> T) async throws -> T? {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}
