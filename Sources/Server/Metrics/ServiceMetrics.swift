// The service's Prometheus metrics, kept in one registry per application (not the
// process-global MetricsSystem), so in-process tests each see their own counts.
import Prometheus

/// Every metric GET /metrics exposes.
public final class ServiceMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// Jobs waiting for or running on the compute queue.
    public let queueDepth: Gauge
    /// Words labelled by POST /v1/label and session label requests.
    public let wordsLabelled: Counter
    /// Sessions held now (not expired, not deleted).
    public let activeSessions: Gauge
    /// Sessions removed because their idle time-out passed.
    public let expiredSessions: Counter
    /// Model jobs dropped before they ran because their client had gone.
    public let jobsDropped: Counter
    /// Memory fill (size / capacity) after each appended chunk.
    public let memoryFill: ValueHistogram
    /// Sessions whose compute runtime (DocumentReader) is kept, and the bytes those hold.
    public let sessionRuntimes: Gauge
    public let sessionRuntimeBytes: Gauge
    /// Appends that found their session's live copy kept, or had to rebuild it from the store.
    public let sessionRuntimeHits: Counter
    public let sessionRuntimeMisses: Counter
    /// Live copies dropped to stay within `--session-cache-mib`.
    public let sessionRuntimeEvictions: Counter

    private static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        .seconds(5), .seconds(10), .seconds(30),
    ]

    public init() {
        queueDepth = registry.makeGauge(descriptor: Self.name("compute_queue_depth", unit: "", help:
            "Jobs queued or running on the model's compute queue."))
        wordsLabelled = registry.makeCounter(descriptor: Self.name("words_labelled", unit: "total", help:
            "Words labelled (whole documents and session labels)."))
        activeSessions = registry.makeGauge(descriptor: Self.name("sessions_active", unit: "", help:
            "Sessions currently held."))
        expiredSessions = registry.makeCounter(descriptor: Self.name("sessions_expired", unit: "total", help:
            "Sessions expired after their idle time-out."))
        jobsDropped = registry.makeCounter(descriptor: Self.name("jobs_dropped", unit: "total", help:
            "Model jobs dropped before running because the client disconnected or the request was cancelled."))
        memoryFill = registry.makeValueHistogram(
            descriptor: Self.name("memory_fill", unit: "ratio", help: "Memory size over capacity after each appended chunk."),
            buckets: [0.1, 0.25, 0.5, 0.75, 0.9, 1.0])
        sessionRuntimes = registry.makeGauge(descriptor: Self.name("session_runtimes", unit: "", help:
            "Live sessions kept between requests (the session's copy with its encoder, embedding cache and memory bank)."))
        sessionRuntimeBytes = registry.makeGauge(descriptor: Self.name("session_runtime", unit: "bytes", help:
            "Bytes held by the kept live sessions (at most --session-cache-mib)."))
        sessionRuntimeHits = registry.makeCounter(descriptor: Self.name("session_runtime_hits", unit: "total", help:
            "Appends whose live session was kept."))
        sessionRuntimeMisses = registry.makeCounter(descriptor: Self.name("session_runtime_misses", unit: "total", help:
            "Appends that rebuilt their session from the store (new, evicted, restarted, or its copy refused)."))
        sessionRuntimeEvictions = registry.makeCounter(descriptor: Self.name("session_runtime_evictions", unit: "total", help:
            "Live sessions dropped to stay within the memory budget."))
    }

    /// Counts one finished request and records its latency.
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.name("http_requests", unit: "total", help: "HTTP requests by route, method and status."),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("http_request_duration", unit: "seconds", help: "HTTP request latency by route."),
            labels: [("route", route), ("method", method)], buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }

    private static func name(_ metric: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "memtx", metricName: metric, unitName: unit, helpText: help)
    }
}
