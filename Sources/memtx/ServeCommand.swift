// `memtx serve`: the HTTP service with a checkpoint (default: the shipped one).
// Every flag can also be set from the environment (MEMTX_HOST, MEMTX_PORT, …).
import ArgumentParser
import Foundation
import Hummingbird
import Kernels
import Logging
import MemoryTransformer
import Server

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the labelling API over HTTP.")

    private static let environment = ProcessInfo.processInfo.environment
    private static func int(_ name: String, _ fallback: Int) -> Int { Int(environment[name] ?? "") ?? fallback }
    private static let defaults = ServiceLimits()

    @Option(help: "Interface to bind (env MEMTX_HOST).") var host = environment["MEMTX_HOST"] ?? "127.0.0.1"
    @Option(help: "TCP port (env MEMTX_PORT).") var port = int("MEMTX_PORT", 8080)
    @Option(help: "OpenBLAS threads per forward pass; 1 leaves the other core to the event loops (env MEMTX_BLAS_THREADS).")
    var blasThreads = int("MEMTX_BLAS_THREADS", 1)
    @Option(help: "Checkpoint directory (env MEMTX_CHECKPOINT).")
    var checkpoint = environment["MEMTX_CHECKPOINT"] ?? "checkpoints/conll-en"
    @Option(help: "API keys file, one key per line, # comments (env MEMTX_API_KEYS_FILE). No keys: the API is open.")
    var apiKeysFile: String?
    @Option(help: "Largest request body in bytes (env MEMTX_MAX_BODY_BYTES).")
    var maxBodyBytes = int("MEMTX_MAX_BODY_BYTES", defaults.maxBodyBytes)
    @Option(help: "Most words per document of POST /v1/label (env MEMTX_MAX_WORDS).")
    var maxWords = int("MEMTX_MAX_WORDS", defaults.maxWordsPerDocument)
    @Option(help: "Most documents per batch (env MEMTX_MAX_BATCH).")
    var maxBatch = int("MEMTX_MAX_BATCH", defaults.maxDocumentsPerBatch)
    @Option(help: "Most model jobs queued at once; more get 429 (env MEMTX_MAX_QUEUE).")
    var maxQueue = int("MEMTX_MAX_QUEUE", defaults.maxQueueDepth)
    @Option(help: "Most words per session chunk (env MEMTX_MAX_CHUNK_WORDS).")
    var maxChunkWords = int("MEMTX_MAX_CHUNK_WORDS", defaults.maxWordsPerChunk)
    @Option(help: "Most words per session (env MEMTX_MAX_SESSION_WORDS).")
    var maxSessionWords = int("MEMTX_MAX_SESSION_WORDS", defaults.maxWordsPerSession)
    @Option(help: "Most sessions held at once; more get 429 (env MEMTX_MAX_SESSIONS).")
    var maxSessions = int("MEMTX_MAX_SESSIONS", defaults.maxSessions)
    @Option(help: "Memory in MiB for the live sessions (copy and compute runtime) kept between requests; beyond it the least recently used are rebuilt from the store when used again (env MEMTX_SESSION_CACHE_MIB).")
    var sessionCacheMib = int("MEMTX_SESSION_CACHE_MIB", defaults.sessionCacheMib)
    @Option(help: "Session idle time-out in minutes (env MEMTX_SESSION_IDLE_MINUTES).")
    var sessionIdleMinutes = Double(environment["MEMTX_SESSION_IDLE_MINUTES"] ?? "") ?? defaults.sessionIdleTimeoutMinutes
    @Option(help: "Most open client connections (env MEMTX_MAX_CONNECTIONS).")
    var maxConnections = int("MEMTX_MAX_CONNECTIONS", defaults.maxConnections)
    @Option(help: "Close a connection idle for this many seconds (env MEMTX_IDLE_TIMEOUT_SECONDS).")
    var idleTimeoutSeconds = int("MEMTX_IDLE_TIMEOUT_SECONDS", defaults.connectionIdleTimeoutSeconds)
    @Option(help: "Cut off a request whose headers and body have not all arrived this many seconds after its first byte (env MEMTX_REQUEST_DEADLINE_SECONDS).")
    var requestDeadlineSeconds = int("MEMTX_REQUEST_DEADLINE_SECONDS", defaults.requestDeadlineSeconds)
    @Option(help: """
        Session store: sqlite (durable, in --data-dir), memory (lost on restart), or a \
        postgres://USER:PASSWORD@HOST:PORT/DB[?sslmode=disable|prefer|require][&pool_size=N] URL shared by several replicas \
        (env MEMTX_STORE).
        """)
    var store = environment["MEMTX_STORE"] ?? "sqlite"
    @Option(help: "Directory of the SQLite session store (env MEMTX_DATA_DIR).")
    var dataDir = environment["MEMTX_DATA_DIR"] ?? "memtx-data"
    @Option(help: "Log level: trace, debug, info, notice, warning, error (env MEMTX_LOG_LEVEL).")
    var logLevel = environment["MEMTX_LOG_LEVEL"] ?? "info"

    func validate() throws {
        for (name, value) in [("max-body-bytes", maxBodyBytes), ("max-words", maxWords), ("max-batch", maxBatch),
                              ("max-queue", maxQueue), ("max-chunk-words", maxChunkWords),
                              ("max-session-words", maxSessionWords), ("max-sessions", maxSessions),
                              ("max-connections", maxConnections), ("blas-threads", blasThreads), ("idle-timeout-seconds", idleTimeoutSeconds),
                              ("request-deadline-seconds", requestDeadlineSeconds)] where value < 1 {
            throw ValidationError("--\(name) must be at least 1, not \(value)")
        }
        guard sessionIdleMinutes > 0 else { throw ValidationError("--session-idle-minutes must be positive") }
        guard sessionCacheMib >= 0 else { throw ValidationError("--session-cache-mib must be 0 or more, not \(sessionCacheMib)") }
        _ = try SessionStoreChoice(store)
    }

    func run() async throws {
        BLASThreads.set(blasThreads)
        var logger = Logger(label: "memtx")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.limits.maxBodyBytes = maxBodyBytes
        configuration.limits.maxWordsPerDocument = maxWords
        configuration.limits.maxDocumentsPerBatch = maxBatch
        configuration.limits.maxQueueDepth = maxQueue
        configuration.limits.maxWordsPerChunk = maxChunkWords
        configuration.limits.maxWordsPerSession = maxSessionWords
        configuration.limits.maxSessions = maxSessions
        configuration.limits.sessionCacheMib = sessionCacheMib
        configuration.limits.sessionIdleTimeoutMinutes = sessionIdleMinutes
        configuration.limits.maxConnections = maxConnections
        configuration.limits.connectionIdleTimeoutSeconds = idleTimeoutSeconds
        configuration.limits.requestDeadlineSeconds = requestDeadlineSeconds
        let keys = try APIKeys.load(file: apiKeysFile ?? Self.environment["MEMTX_API_KEYS_FILE"], environment: Self.environment["MEMTX_API_KEYS"])
        let (model, digest) = try MemoryTransformerModel.load(from: URL(fileURLWithPath: checkpoint))
        logger.info("loaded \(checkpoint) (sha256 \(digest.prefix(12))…), variant \(model.config.memoryVariant.rawValue)")
        logger.info(keys.isOpen ? "no API keys configured: the API is open" : "\(keys.count) API keys accepted")
        let metrics = ServiceMetrics()
        let sessionStore = try await openStore(
            try SessionStoreChoice(store), digest: digest, idleTimeout: configuration.limits.sessionIdleTimeout,
            metrics: metrics, logger: logger)
        let services = MemtxServices(model: model, digest: digest, configuration: configuration, apiKeys: keys,
                                     store: sessionStore, metrics: metrics)
        // The warm-up, the session sweeper and the store's connections run as the application's services.
        let app = buildApplication(services, logger: logger)
        logger.info("listening on http://\(host):\(port); ready after the warm-up")
        try await app.runService()
    }
}
