// The model's single owner on the server: every forward pass runs on one serial queue,
// off the event loops. Requests wait for it without blocking a thread; the number of
// jobs waiting is bounded (429 beyond), and a job whose client went away before it
// started is dropped instead of run.
import Dispatch
import MemoryTransformer
import Synchronization

/// Runs model work for the HTTP layer, one job at a time.
public final class LabelingService: Sendable {
    public let model: MemoryTransformerModel
    /// SHA-256 of the checkpoint's manifest.
    public let digest: String
    /// Most jobs queued or running at once; one more is refused with `queue_full`.
    public let maxQueueDepth: Int
    private let queue = DispatchQueue(label: "memtx.compute")
    private let depth = Atomic<Int>(0)
    private let metrics: ServiceMetrics?

    public init(model: MemoryTransformerModel, digest: String, maxQueueDepth: Int = 64, metrics: ServiceMetrics? = nil) {
        self.model = model
        self.digest = digest
        self.maxQueueDepth = maxQueueDepth
        self.metrics = metrics
    }

    /// Jobs queued or running now.
    public var queueDepth: Int { depth.load(ordering: .relaxed) }

    /// Runs `work` with the model on the compute queue. Throws `APIError.queueFull` when
    /// `maxQueueDepth` jobs are already waiting, and `CancellationError` when the calling
    /// task is cancelled, or the requesting client (`ClientConnection`) has disconnected,
    /// before the job starts: the work then never runs.
    public func run<T: Sendable>(_ work: @escaping @Sendable (MemoryTransformerModel) -> T) async throws -> T {
        let now = depth.add(1, ordering: .acquiringAndReleasing).newValue
        guard now <= maxQueueDepth else {
            depth.subtract(1, ordering: .acquiringAndReleasing)
            throw APIError.queueFull(depth: maxQueueDepth)
        }
        metrics?.queueDepth.set(Double(now))
        defer {
            let left = depth.subtract(1, ordering: .acquiringAndReleasing).newValue
            metrics?.queueDepth.set(Double(left))
        }
        let cancelled = CancellationFlag()
        let client = ClientConnection.channel
        let result: T? = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.async { [model] in
                    let abandoned = cancelled.isSet || client?.isActive == false
                    continuation.resume(returning: abandoned ? nil : work(model))
                }
            }
        } onCancel: {
            cancelled.set()
        }
        guard let result else {
            metrics?.jobsDropped.increment()
            throw CancellationError()
        }
        return result
    }

    /// Labels each document (two passes) in order.
    public func label(_ documents: [[Word]]) async throws -> [[LabeledWord]] {
        let labelled = try await run { model in documents.map { model.label(words: $0) } }
        metrics?.wordsLabelled.increment(by: Int64(documents.reduce(0) { $0 + $1.count }))
        return labelled
    }

    /// One small document through both passes, so the first request is not the slow one
    /// (not counted in the metrics: no client asked for it).
    public func warmUp() async {
        let words = Tokenizer().tokenize("memtx warms up in Berlin .")
        _ = try? await run { model in model.label(words: words) }
    }
}

/// Set when the task waiting for a job is cancelled; read by the job before it starts.
final class CancellationFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}
