// One measurement of `memtx bench model`: label a synthetic document of N words in one
// way (mode) and report time, achieved GFLOP/s and peak RSS. Run in a fresh child process
// per (mode, length) so that VmHWM is this measurement's peak and nothing else's.
import Foundation
import Kernels
import MemoryTransformer

/// How a document is labelled.
enum BenchMode: String, Codable, CaseIterable {
    /// Both passes over the whole document through the batched path (`.batched`).
    case label
    /// A session: `read` in pieces, then `finalLabels` (what the server does), batched path.
    case stream
    /// Both passes through the unoptimised per-chunk `ChunkPass` (the before figure).
    case naive
    /// The `full` attention baseline: one chunk = the whole document, no memory.
    case full
}

/// The figures of one (mode, length) measurement; `skipped` says why one was not run.
struct ModelBenchResult: Codable {
    var mode: BenchMode
    var words: Int
    var threads: Int
    var seconds: Double = 0
    var wordsPerSecond: Double = 0
    var microsecondsPerWord: Double = 0
    /// Analytic model FLOPs (BenchModelFlops) and their rate.
    var flops: Double = 0
    var gflops: Double = 0
    /// gflops ÷ the run's sgemm peak (filled in by the parent).
    var fractionOfPeak: Double?
    /// Resident memory after the document's words exist, before labelling (MiB).
    var baselineRSSMiB: Double = 0
    /// Peak resident memory of the process (VmHWM, MiB).
    var peakRSSMiB: Double = 0
    var skipped: String?
}

enum BenchModelRun {
    /// Labels `words` synthetic words in `mode` and measures it (in this process).
    static func measure(model: MemoryTransformerModel, mode: BenchMode, words count: Int,
                        threads: Int, piece: Int) -> ModelBenchResult {
        BLASThreads.set(threads)
        let words = BenchDocument.words(count: count)
        var result = ModelBenchResult(mode: mode, words: count, threads: threads)
        result.baselineRSSMiB = ProcessMemory.kibibytes("VmRSS") / 1024
        var config = model.config
        if mode == .full { config.memoryVariant = .full }
        let runner = mode == .full ? fullAttention(model) : model
        let start = DispatchTime.now().uptimeNanoseconds
        let labels: [LabeledWord]
        switch mode {
        case .label, .full:
            labels = runner.label(words: words, path: .batched)
        case .naive:
            labels = runner.label(words: words, path: .naive)
        case .stream:
            var state = runner.newDocument()
            var first = 0
            while first < words.count {
                let last = min(words.count, first + piece)
                runner.read(&state, words: Array(words[first..<last]), path: .batched)
                first = last
            }
            labels = runner.finalLabels(state, path: .batched)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        precondition(labels.count == count, "labelled \(labels.count) of \(count) words")
        result.seconds = seconds
        result.wordsPerSecond = Double(count) / seconds
        result.microsecondsPerWord = seconds / Double(count) * 1e6
        result.flops = BenchModelFlops.document(words: count, config: config, full: mode == .full)
        result.gflops = result.flops / seconds / 1e9
        result.peakRSSMiB = ProcessMemory.kibibytes("VmHWM") / 1024
        return result
    }
}

extension BenchModelRun {
    /// The same weights with `memoryVariant = .full`: one chunk = the whole document.
    static func fullAttention(_ model: MemoryTransformerModel) -> MemoryTransformerModel {
        var config = model.config
        config.memoryVariant = .full
        let parameters = ModelParameters(config: config)
        for (mine, theirs) in zip(parameters.named, model.parameters.named) { mine.tensor.copy(from: theirs.tensor) }
        return MemoryTransformerModel(config: config, parameters: parameters, vocabulary: model.featurizer.vocabulary)
    }
}

/// This process's memory figures from /proc/self/status (Linux).
enum ProcessMemory {
    /// The value of `field` (e.g. VmHWM, VmRSS) in KiB, 0 when unavailable.
    static func kibibytes(_ field: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            let digits = line.dropFirst(field.count + 1).filter(\.isNumber)
            return Double(String(digits)) ?? 0
        }
        return 0
    }
}
