// The request context of memtx's routes: Hummingbird's core storage, the owner the
// authentication middleware found for the request's API key, and the client's connection.
import Hummingbird
import NIOCore

/// Per-request values shared by middleware and routes.
public struct MemtxRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Owner fingerprint of the request's API key (`anonymous` when the API is open).
    public var owner = "anonymous"
    /// The client's connection (to notice a client that went away).
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
