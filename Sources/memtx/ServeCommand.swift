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

    @Option(help: "Interface to bind (env MEMTX_HOST).") var host = environment["MEMTX_HOST"] ?? "127.0.0.1"
    @Option(help: "TCP port (env MEMTX_PORT).") var port = Int(environment["MEMTX_PORT"] ?? "") ?? 8080
    @Option(help: "Checkpoint directory (env MEMTX_CHECKPOINT).")
    var checkpoint = environment["MEMTX_CHECKPOINT"] ?? "checkpoints/conll-en"
    @Option(help: "Largest request body in bytes (env MEMTX_MAX_BODY_BYTES).")
    var maxBodyBytes = Int(environment["MEMTX_MAX_BODY_BYTES"] ?? "") ?? 2 * 1024 * 1024
    @Option(help: "Most words per document (env MEMTX_MAX_WORDS).")
    var maxWords = Int(environment["MEMTX_MAX_WORDS"] ?? "") ?? 200_000
    @Option(help: "Most documents per batch (env MEMTX_MAX_BATCH).")
    var maxBatch = Int(environment["MEMTX_MAX_BATCH"] ?? "") ?? 64
    @Option(help: "Log level: trace, debug, info, notice, warning, error (env MEMTX_LOG_LEVEL).")
    var logLevel = environment["MEMTX_LOG_LEVEL"] ?? "info"

    func run() async throws {
        BLASThreads.set(1)
        var logger = Logger(label: "memtx")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.maxBodyBytes = maxBodyBytes
        configuration.maxWordsPerDocument = maxWords
        configuration.maxDocumentsPerBatch = maxBatch
        let (model, digest) = try MemoryTransformerModel.load(from: URL(fileURLWithPath: checkpoint))
        logger.info("loaded \(checkpoint) (sha256 \(digest.prefix(12))…), variant \(model.config.memoryVariant.rawValue)")
        let service = LabelingService(model: model, digest: digest)
        let readiness = Readiness()
        let app = buildApplication(service: service, configuration: configuration, readiness: readiness, logger: logger)
        Task {
            await service.warmUp()
            readiness.markReady()
            logger.info("ready on http://\(host):\(port)")
        }
        try await app.runService()
    }
}
