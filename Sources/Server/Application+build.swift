// Assembles the HTTP application: router, middleware and controllers.
import Hummingbird
import Logging

/// The router of memtx's API (also used in process by the tests).
public func buildRouter(service: LabelingService, configuration: ServerConfiguration,
                        readiness: Readiness) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    LabelController(service: service, configuration: configuration).addRoutes(to: router)
    ModelController(service: service, configuration: configuration, readiness: readiness).addRoutes(to: router)
    WebPageController<BasicRequestContext>().addRoutes(to: router)
    return router
}

/// The HTTP application listening on `configuration.host:port`.
public func buildApplication(service: LabelingService, configuration: ServerConfiguration,
                             readiness: Readiness, logger: Logger) -> some ApplicationProtocol {
    Application(
        router: buildRouter(service: service, configuration: configuration, readiness: readiness),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "memtx"),
        logger: logger)
}
