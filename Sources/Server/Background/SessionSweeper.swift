// Expires idle sessions every `interval`, as a service of the application (stops at
// graceful shutdown). Requests also check expiry themselves; the sweep frees the memory
// and rows of sessions nobody asks for again.
import ServiceLifecycle

/// The periodic sweep of expired sessions.
struct SessionSweeper: Service {
    let sessions: SessionService
    let interval: Duration

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            await sessions.sweep()
        }
    }
}
