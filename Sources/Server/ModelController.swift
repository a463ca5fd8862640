// GET /v1/model: what is served (labels, chunk, context and memory sizes, label decoding, checkpoint digest),
// with every limit, so that clients can see them before they hit one.
import Hummingbird
import MemoryTransformer

/// The route describing the model and the limits.
struct ModelController: Sendable {
    typealias Context = MemtxRequestContext
    let service: LabelingService
    let configuration: ServerConfiguration
    let requiresAPIKey: Bool

    struct ModelInfo: Encodable {
        let labels: [String]
        let chunkSize: Int
        /// K: words read on each side of a chunk, unlabelled; a chunk's online labels come
        /// once K words after it have arrived.
        let contextWords: Int
        let memorySize: Int
        let memoryVariant: String
        let labelDecoding: String
        let checkpointDigest: String
        let parameters: Int
        let requiresApiKey: Bool
        let limits: ServiceLimits
    }

    /// The routes, relative to /v1.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("model", use: model)
        return routes
    }

    /// The model's labels, chunk, context and memory sizes, checkpoint digest and the limits.
    @Sendable func model(_ request: Request, context: Context) async throws -> Response {
        let config = service.model.config
        return try JSONResponse.make(ModelInfo(
            labels: config.labels, chunkSize: config.chunkSize, contextWords: config.contextWords, memorySize: config.memorySize,
            memoryVariant: config.memoryVariant.rawValue, labelDecoding: config.decoding.rawValue, checkpointDigest: service.digest,
            parameters: service.model.parameters.count, requiresApiKey: requiresAPIKey, limits: configuration.limits))
    }
}
