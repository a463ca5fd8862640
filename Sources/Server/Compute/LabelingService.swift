// The model's single owner on the server: every forward pass holds one lock, so one runs
// at a time, off the event loops. Jobs go to a serial queue and requests wait for it
// without blocking a thread; a small job that finds nothing queued or running runs at
// once on the requesting task's thread instead (each hand-off to another thread and back
// costs tens of microseconds on a VM, more than a small chunk's model time). The number
// of jobs waiting is bounded (429 beyond), and a job whose client went away before it
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
    /// Held by the job using the model (on the queue, or inline).
    private let owner = Mutex<Void>(())
    /// Taken by an inline job, process-wide: at most one thread of the cooperative pool
    /// computes at a time, whatever the number of services (tests run many at once).
    private static let inlineSlot = Atomic<Bool>(false)
    private let depth = Atomic<Int>(0)
    /// Most words a job may have to run inline: about 2 ms of model time, as long as other
    /// work of a request (a large answer's JSON) keeps a thread of Swift's cooperative pool.
    /// Longer jobs would starve the pool's other tasks (it has one thread per core).
    public static let inlineWordLimit = 256
    private let metrics: ServiceMetrics?

    public init(model: MemoryTransformerModel, digest: String, maxQueueDepth: Int = 64, metrics: ServiceMetrics? = nil) {
        self.model = model
        self.digest = digest
        self.maxQueueDepth = maxQueueDepth
        self.metrics = metrics
    }

    /// Jobs queued or running now.
    public var queueDepth: Int { depth.load(ordering: .relaxed) }

    /// Runs `work` with the model on the compute queue, or with `inlineIfIdle` on the
    /// calling thread when no other job is queued or running (for small jobs: at most
    /// `inlineWordLimit` words). Throws `APIError.queueFull` when `maxQueueDepth` jobs are
    /// already waiting, and `CancellationError` when the calling task is cancelled, or the
    /// requesting client (`ClientConnection`) has disconnected, before the job starts: the
    /// work then never runs.
    public func run<T: Sendable>(inlineIfIdle: Bool = false,
                                 _ work: @escaping @Sendable (MemoryTransformerModel) -> T) async throws -> T {
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
        let client = ClientConnection.channel
        let model = model
        if inlineIfIdle && now == 1, Self.inlineSlot.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            let attempt = owner.withLockIfAvailable { _ -> T? in
                Task.isCancelled || client?.isActive == false ? nil : work(model)
            }
            Self.inlineSlot.store(false, ordering: .releasing)
            if let ran = attempt {
                guard let ran else {
                    metrics?.jobsDropped.increment()
                    throw CancellationError()
                }
                return ran
            }
        }
        let cancelled = CancellationFlag()
        let result: T? = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.async { [self] in
                    let result = owner.withLock { _ -> T? in
                        cancelled.isSet || client?.isActive == false ? nil : work(model)
                    }
                    continuation.resume(returning: result)
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

    /// Labels each document (two passes) in order; also returns how long the model ran
    /// (without the wait for the compute queue).
    public func label(_ documents: [[Word]]) async throws -> (labels: [[LabeledWord]], modelTime: Duration) {
        let words = documents.reduce(0) { $0 + $1.count }
        let labelled = try await run(inlineIfIdle: words <= Self.inlineWordLimit) { model in
            let started = ContinuousClock.now
            let labels = documents.map { model.label(words: $0) }
            return (labels: labels, modelTime: ContinuousClock.now - started)
        }
        metrics?.wordsLabelled.increment(by: Int64(words))
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
