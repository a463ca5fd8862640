// Settings of `memtx serve`: where to listen and the limits every request is held to.
// GET /v1/model lists the limits, so clients can see them before they hit one.

/// The limits of the service (each a flag of `memtx serve`).
public struct ServiceLimits: Sendable, Codable, Equatable {
    /// Largest request body accepted, in bytes, after gzip inflation (413 beyond).
    public var maxBodyBytes: Int = 2 * 1024 * 1024
    /// Most words one document of POST /v1/label may have (422 beyond).
    public var maxWordsPerDocument: Int = 200_000
    /// Most documents in one batch (422 beyond).
    public var maxDocumentsPerBatch: Int = 64
    /// Most model jobs queued or running at once (429 beyond).
    public var maxQueueDepth: Int = 64
    /// Most words one appended chunk may have (422 beyond).
    public var maxWordsPerChunk: Int = 20_000
    /// Most words one session may hold (422 beyond).
    public var maxWordsPerSession: Int = 1_000_000
    /// Most sessions held at once (429 beyond).
    public var maxSessions: Int = 1_000
    /// Memory for the live sessions (each one's copy and compute runtime) kept between
    /// requests, in MiB (least recently used dropped beyond, the one just used kept; a
    /// session without one is rebuilt from the store's rows).
    public var sessionCacheMib: Int = 64
    /// Idle time after which a session expires (410 after), in minutes.
    public var sessionIdleTimeoutMinutes: Double = 30
    /// Largest `limit` of one labels page.
    public var maxLabelsPageSize: Int = 10_000
    /// A streamed plain-text upload is appended in pieces of about this many bytes.
    public var streamPieceBytes: Int = 64 * 1024
    /// Most open client connections; further ones wait in the listen backlog.
    public var maxConnections: Int = 256
    /// A connection that sends or receives nothing for this long is closed (slow clients).
    public var connectionIdleTimeoutSeconds: Int = 60
    /// A request whose headers and body have not all arrived this long after its first
    /// byte is cut off (408 once its headers are in), so slow clients cannot hold a connection.
    public var requestDeadlineSeconds: Int = 30

    public init() {}

    /// The idle time-out as a duration.
    public var sessionIdleTimeout: Duration { .milliseconds(Int64(sessionIdleTimeoutMinutes * 60_000)) }
}

/// Address and limits of the HTTP service.
public struct ServerConfiguration: Sendable, Equatable {
    /// Interface to bind (loopback by default).
    public var host: String = "127.0.0.1"
    /// TCP port.
    public var port: Int = 8080
    public var limits = ServiceLimits()

    public init() {}
}
