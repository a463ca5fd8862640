// What `memtx bench model` prints and writes: the sgemm peak of the run, a table row per
// (mode, length), and the JSON report.
import Foundation
import Kernels
import MemoryTransformer

/// The machine's sgemm peak in this run: the best of a large square product and the
/// model's own shapes (chunk rows and a batch of chunks at width d).
struct BenchPeak: Codable {
    var gflops: Double
    var measurements: [GemmMeasurement]

    static func measure(config: ModelConfig, threads: Int) -> BenchPeak {
        let d = config.dModel, C = config.chunkSize, H = config.mlpHidden
        let shapes = [(1024, 1024, 1024), (C, 3 * d, d), (C, H, d), (16 * C, H, d)]
        let measurements = shapes.map { measureGemm(m: $0.0, n: $0.1, k: $0.2, threads: threads, minimumSeconds: 0.3) }
        return BenchPeak(gflops: measurements.map(\.gflops).max() ?? 0, measurements: measurements)
    }
}

/// The JSON written by `--json`.
struct ModelBenchReport: Codable {
    var threads: Int
    var peak: BenchPeak
    var results: [ModelBenchResult]
    var reference: ReferenceComparison?
}

enum ModelBenchTable {
    static let header = "mode         words    seconds    words/s   µs/word  GFLOP/s  ÷peak  base RSS MiB  peak RSS MiB  working MiB"

    static func row(_ r: ModelBenchResult) -> String {
        let name = r.mode.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
        if let skipped = r.skipped { return String(format: "%@ %10d    skipped: %@", name, r.words, skipped) }
        return String(format: "%@ %10d %10.3f %10.0f %9.2f %8.2f %5.1f%% %13.0f %13.0f", name, r.words, r.seconds,
                      r.wordsPerSecond, r.microsecondsPerWord, r.gflops, 100 * (r.fractionOfPeak ?? 0),
                      r.baselineRSSMiB, r.peakRSSMiB) + (r.workingRSSMiB.map { String(format: " %12.1f", $0) } ?? "")
    }
}
