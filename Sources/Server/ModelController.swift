// GET /v1/model (what is served, with every limit), the health probes, GET /metrics
// (Prometheus) and GET /openapi.yaml (the contract, embedded in the binary).
import Hummingbird
import MemoryTransformer
import NIOCore

/// Routes describing the service.
struct ModelController: Sendable {
    typealias Context = MemtxRequestContext
    let service: LabelingService
    let configuration: ServerConfiguration
    let readiness: Readiness
    let metrics: ServiceMetrics
    let requiresAPIKey: Bool

    struct ModelInfo: Encodable {
        let labels: [String]
        let chunkSize: Int
        let memorySize: Int
        let memoryVariant: String
        let checkpointDigest: String
        let parameters: Int
        let requiresApiKey: Bool
        let limits: ServiceLimits
    }

    struct Status: Encodable { let status: String }

    func addRoutes(to router: Router<Context>) {
        router.get("/v1/model", use: model)
        router.get("/health/live") { _, _ in try JSONResponse.make(Status(status: "ok")) }
        router.get("/health/ready") { [readiness] _, _ in
            readiness.isReady
                ? try JSONResponse.make(Status(status: "ready"))
                : try JSONResponse.make(Status(status: "loading"), status: .serviceUnavailable)
        }
        router.get("/metrics") { [metrics] _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_yaml)))
        }
    }

    /// The model's labels, chunk and memory sizes, checkpoint digest and the limits.
    @Sendable func model(_ request: Request, context: Context) async throws -> Response {
        let config = service.model.config
        return try JSONResponse.make(ModelInfo(
            labels: config.labels, chunkSize: config.chunkSize, memorySize: config.memorySize,
            memoryVariant: config.memoryVariant.rawValue, checkpointDigest: service.digest,
            parameters: service.model.parameters.count, requiresApiKey: requiresAPIKey, limits: configuration.limits))
    }
}
