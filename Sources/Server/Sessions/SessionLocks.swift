// One lock per session id, held across awaits: the requests of one session on one
// replica take turns (appends in order, reads never see half an append), while different
// sessions run side by side. Waiters are served first come, first served.
import Synchronization

/// Per-session mutual exclusion for async code.
final class SessionLocks: Sendable {
    /// Locked ids and who waits for each.
    private let waiting = Mutex<[String: [CheckedContinuation<Void, Never>]]>([:])

    /// Runs `body` while holding session `id`'s lock.
    func withLock<T>(_ id: String, _ body: () async throws -> T) async throws -> T {
        await lock(id)
        do {
            let result = try await body()
            unlock(id)
            return result
        } catch {
            unlock(id)
            throw error
        }
    }

    private func lock(_ id: String) async {
        let free = waiting.withLock { waiting in
            guard waiting[id] == nil else { return false }
            waiting[id] = []
            return true
        }
        if free { return }
        await withCheckedContinuation { continuation in
            let free = waiting.withLock { waiting in
                guard waiting[id] != nil else {
                    waiting[id] = []
                    return true
                }
                waiting[id]!.append(continuation)
                return false
            }
            if free { continuation.resume() }
        }
    }

    private func unlock(_ id: String) {
        let next = waiting.withLock { waiting -> CheckedContinuation<Void, Never>? in
            guard var queue = waiting[id], !queue.isEmpty else {
                waiting[id] = nil
                return nil
            }
            let next = queue.removeFirst()
            waiting[id] = queue
            return next
        }
        next?.resume()
    }
}
