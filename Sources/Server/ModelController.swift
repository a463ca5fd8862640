// GET /v1/model (what is served, with every limit) and the health probes.
import Hummingbird
import MemoryTransformer

/// Routes describing the service.
struct ModelController<Context: RequestContext>: Sendable {
    let service: LabelingService
    let configuration: ServerConfiguration
    let readiness: Readiness

    struct ModelInfo: Encodable {
        let labels: [String]
        let chunkSize: Int
        let memorySize: Int
        let memoryVariant: String
        let checkpointDigest: String
        let limits: ServerConfiguration
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
    }

    /// The model's labels, chunk and memory sizes, checkpoint digest and the limits.
    @Sendable func model(_ request: Request, context: Context) async throws -> Response {
        let config = service.model.config
        return try JSONResponse.make(ModelInfo(
            labels: config.labels, chunkSize: config.chunkSize, memorySize: config.memorySize,
            memoryVariant: config.memoryVariant.rawValue, checkpointDigest: service.digest, limits: configuration))
    }
}
