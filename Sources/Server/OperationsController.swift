// The routes operators and their tools use, outside /v1 and open without an API key: the
// health probes, GET /metrics (Prometheus) and GET /openapi.yaml (the contract, embedded
// in the binary).
import Hummingbird
import NIOCore

/// Health, metrics and the API contract.
struct OperationsController: Sendable {
    typealias Context = MemtxRequestContext
    let readiness: Readiness
    let metrics: ServiceMetrics

    struct Status: Encodable { let status: String }

    /// The routes, at the top level.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("health/live") { _, _ in try JSONResponse.make(Status(status: "ok")) }
        routes.get("health/ready") { [readiness] _, _ in
            readiness.isReady
                ? try JSONResponse.make(Status(status: "ready"))
                : try JSONResponse.make(Status(status: "loading"), status: .serviceUnavailable)
        }
        routes.get("metrics") { [metrics] _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        routes.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_yaml)))
        }
        return routes
    }
}
