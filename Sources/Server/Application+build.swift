// Assembles the HTTP application: the services behind the routes, the middleware chain
// (metrics → errors → body limit → gzip → authentication → client connection →
// logging), every controller, and the server's connection limits.
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import MemoryTransformer

/// Everything the routes need, built once per application.
public struct MemtxServices: Sendable {
    public let compute: LabelingService
    public let sessions: SessionService
    public let configuration: ServerConfiguration
    public let readiness: Readiness
    public let metrics: ServiceMetrics
    public let apiKeys: APIKeys

    /// The services for `model`; sessions live in `store` (default: in memory), which
    /// should report expiries to `metrics`.
    public init(model: MemoryTransformerModel, digest: String, configuration: ServerConfiguration,
                apiKeys: APIKeys = .open, store: (any SessionStore)? = nil, metrics: ServiceMetrics = ServiceMetrics(),
                readiness: Readiness = Readiness()) {
        let limits = configuration.limits
        self.metrics = metrics
        self.configuration = configuration
        self.readiness = readiness
        self.apiKeys = apiKeys
        compute = LabelingService(model: model, digest: digest, maxQueueDepth: limits.maxQueueDepth, metrics: metrics)
        let sessionStore = store ?? InMemorySessionStore(
            idleTimeout: limits.sessionIdleTimeout, maxSessions: limits.maxSessions,
            onExpire: { metrics.expiredSessions.increment(by: Int64($0)) })
        sessions = SessionService(store: sessionStore, compute: compute, limits: limits, metrics: metrics)
    }
}

/// The router of memtx's API (also used in process by the tests).
public func buildRouter(_ services: MemtxServices) -> Router<MemtxRequestContext> {
    let router = Router(context: MemtxRequestContext.self)
    let limits = services.configuration.limits
    router.add(middleware: MetricsMiddleware(metrics: services.metrics))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: BodyLimitMiddleware(maxBodyBytes: limits.maxBodyBytes))
    router.add(middleware: GzipMiddleware(maxBodyBytes: limits.maxBodyBytes))
    router.add(middleware: AuthMiddleware(keys: services.apiKeys))
    router.add(middleware: ClientConnectionMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    LabelController(service: services.compute, configuration: services.configuration).addRoutes(to: router)
    ModelController(service: services.compute, configuration: services.configuration, readiness: services.readiness,
                    metrics: services.metrics, requiresAPIKey: !services.apiKeys.isOpen).addRoutes(to: router)
    SessionController(sessions: services.sessions, limits: limits).addRoutes(to: router)
    StreamUploadController(sessions: services.sessions, limits: limits).addRoutes(to: router)
    SessionLabelsController(sessions: services.sessions, limits: limits).addRoutes(to: router)
    SessionMemoryController(sessions: services.sessions, limits: limits).addRoutes(to: router)
    WebPageController<MemtxRequestContext>().addRoutes(to: router)
    return router
}

/// The HTTP application listening on `configuration.host:port`.
public func buildApplication(_ services: MemtxServices, logger: Logger) -> some ApplicationProtocol {
    let limits = services.configuration.limits
    return Application(
        router: buildRouter(services),
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(limits.connectionIdleTimeoutSeconds)))),
        configuration: .init(address: .hostname(services.configuration.host, port: services.configuration.port),
                             serverName: "memtx",
                             availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections)),
        logger: logger)
}
