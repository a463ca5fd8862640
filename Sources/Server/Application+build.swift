// Assembles the HTTP application, the one way both `memtx serve` and the tests build it:
// the services behind the routes, the router (top-level middleware, the open operations
// routes and web page, then the /v1 API as route groups with their authentication and
// body limit), the connection handling (idle time-out, request deadline, connection
// cap) and the background services (warm-up, session sweeper, the session store).
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import MemoryTransformer
import NIOCore
import ServiceLifecycle

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

/// The router of memtx's API.
///
/// Top level, for every route: metrics → errors (JSON, 404/405) → gzip responses → client
/// connection → logging. The `/v1` groups add the declared body limit (not on the streamed
/// upload, which has no total limit), authentication, then gzip request inflation.
public func buildRouter(_ services: MemtxServices) -> Router<MemtxRequestContext> {
    // Every GET route answers HEAD too (headers only), as HTTP expects.
    let router = Router(context: MemtxRequestContext.self, options: .autoGenerateHeadEndpoints)
    let limits = services.configuration.limits
    let routeMethods = RouteMethods()
    router.add(middleware: MetricsMiddleware(metrics: services.metrics))
    router.add(middleware: ErrorMiddleware(routes: routeMethods))
    router.add(middleware: GzipResponseMiddleware())
    router.add(middleware: ClientConnectionMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    router.addRoutes(OperationsController(readiness: services.readiness, metrics: services.metrics).routes)
    router.addRoutes(WebPageController<MemtxRequestContext>().routes)

    let auth = AuthMiddleware(keys: services.apiKeys)
    let inflate = GzipRequestMiddleware<MemtxRequestContext>(maxBodyBytes: limits.maxBodyBytes)
    let uploads = router.group("v1").add(middleware: auth).add(middleware: inflate)
    uploads.addRoutes(StreamUploadController(sessions: services.sessions, limits: limits).routes)
    let api = router.group("v1").add(middleware: BodyLimitMiddleware(maxBodyBytes: limits.maxBodyBytes))
        .add(middleware: auth).add(middleware: inflate)
    api.addRoutes(ModelController(service: services.compute, configuration: services.configuration,
                                  requiresAPIKey: !services.apiKeys.isOpen).routes)
    api.addRoutes(LabelController(service: services.compute, configuration: services.configuration).routes)
    api.addRoutes(SessionController(sessions: services.sessions, limits: limits).routes)
    api.addRoutes(SessionLabelsController(sessions: services.sessions, limits: limits).routes)
    api.addRoutes(SessionMemoryController(sessions: services.sessions).routes)
    routeMethods.record(router.routes)
    return router
}

/// What runs beside the routes.
public struct BackgroundWork: Sendable {
    /// Run the model once before reporting ready (off in tests of the loading state).
    public var warmUp = true
    /// How often expired sessions are swept.
    public var sweepInterval: Duration = .seconds(30)

    public init() {}
}

/// The HTTP application listening on `configuration.host:port`, with its background
/// services: the warm-up (then /health/ready says ready), the session sweeper, and the
/// session store when it has a lifetime of its own (PostgreSQL: closed on shutdown).
public func buildApplication(_ services: MemtxServices, logger: Logger,
                             background: BackgroundWork = BackgroundWork()) -> some ApplicationProtocol {
    let limits = services.configuration.limits
    let deadline = TimeAmount.seconds(Int64(limits.requestDeadlineSeconds))
    var application = Application(
        router: buildRouter(services),
        server: .http1(configuration: .init(
            additionalChannelHandlers: [RequestDeadlineHandler(deadline: deadline)],
            idleTimeout: .seconds(Int64(limits.connectionIdleTimeoutSeconds)))),
        configuration: .init(address: .hostname(services.configuration.host, port: services.configuration.port),
                             serverName: "memtx",
                             availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections)),
        logger: logger)
    if background.warmUp {
        application.addServices(WarmUpService(compute: services.compute, readiness: services.readiness, logger: logger))
    }
    application.addServices(SessionSweeper(sessions: services.sessions, interval: background.sweepInterval))
    if let store = services.sessions.store as? any Service {
        application.addServices(store)
    }
    return application
}
