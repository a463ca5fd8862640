// The request context of memtx's routes: Hummingbird's core storage, the owner the
// authentication middleware found for the request's API key, and the client's connection.
import Hummingbird
import NIOCore

/// Per-request values shared by middleware and routes.
public struct MemtxRequestContext: RequestContext, BodyLimitedContext {
    public var coreContext: CoreRequestContextStorage
    /// Largest body `request.decode(as:context:)` reads (413 beyond); the API's route
    /// group sets its limit (BodyLimitMiddleware).
    public var maxUploadSize = 2 * 1024 * 1024
    /// Request bodies are read with the API's checks and errors (JSONBody).
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }
    /// Owner fingerprint of the request's API key (`anonymous` when the API is open).
    public var owner = "anonymous"
    /// The client's connection (to notice a client that went away).
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
