// Runs the model once when the application starts, so the first request does not pay for
// cold caches, then reports the service ready (GET /health/ready answers 200 from then on).
import Logging
import ServiceLifecycle

/// The start-up warm-up, as a service of the application.
struct WarmUpService: Service {
    let compute: LabelingService
    let readiness: Readiness
    let logger: Logger

    func run() async throws {
        await compute.warmUp()
        readiness.markReady()
        logger.info("ready")
        // A service that returns would end the application: wait for its shutdown.
        try? await gracefulShutdown()
    }
}
