// The model's single owner on the server: labelling runs on a dedicated serial queue,
// off the event loops, and requests wait for it without blocking a thread.
import Dispatch
import MemoryTransformer

/// Runs labelling work for the HTTP layer.
public final class LabelingService: Sendable {
    public let model: MemoryTransformerModel
    /// SHA-256 of the checkpoint's manifest.
    public let digest: String
    private let queue = DispatchQueue(label: "memtx.compute")

    public init(model: MemoryTransformerModel, digest: String) {
        self.model = model
        self.digest = digest
    }

    /// Labels each document (two passes) in order.
    public func label(_ documents: [[Word]]) async -> [[LabeledWord]] {
        await withCheckedContinuation { continuation in
            queue.async { [model] in continuation.resume(returning: documents.map { model.label(words: $0) }) }
        }
    }

    /// One small document through both passes, so the first request is not the slow one.
    public func warmUp() async {
        _ = await label([Tokenizer().tokenize("memtx warms up in Berlin .")])
    }
}
