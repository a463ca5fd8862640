// Settings of `memtx serve`: where to listen and the limits every request is held to.

/// Address and limits of the HTTP service (each a flag of `memtx serve`).
public struct ServerConfiguration: Sendable, Codable, Equatable {
    /// Interface to bind (loopback by default).
    public var host: String = "127.0.0.1"
    /// TCP port.
    public var port: Int = 8080
    /// Largest request body accepted, in bytes (413 beyond).
    public var maxBodyBytes: Int = 2 * 1024 * 1024
    /// Most words one document may have (422 beyond, with the actual and allowed count).
    public var maxWordsPerDocument: Int = 200_000
    /// Most documents in one batch request (422 beyond).
    public var maxDocumentsPerBatch: Int = 64

    public init() {}
}
