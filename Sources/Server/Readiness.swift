// Whether the model is loaded and warmed up: /health/ready answers 503 until it is.
import Synchronization

/// A flag set once warm-up is done.
public final class Readiness: Sendable {
    private let ready = Atomic<Bool>(false)

    public init() {}

    public var isReady: Bool { ready.load(ordering: .acquiring) }

    public func markReady() { ready.store(true, ordering: .releasing) }
}
