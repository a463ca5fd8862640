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
    /// A session whose labels are dropped as they are emitted: each piece of words made when
    /// it is sent, `read`, then the final labels page by page (`finalLabels(finished:words:)`),
    /// each page dropped. Reports the RSS beyond the state's own words and online labels.
    case session
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
    /// session mode: bytes the state's words and online labels occupy (array capacities), MiB,
    /// and peak − base − that: the model's own working memory.
    var documentMiB: Double?
    var workingRSSMiB: Double?
    var skipped: String?
}

enum BenchModelRun {
    /// Labels `words` synthetic words in `mode` and measures it (in this process).
    static func measure(model: MemoryTransformerModel, mode: BenchMode, words count: Int,
                        threads: Int, piece: Int) -> ModelBenchResult {
        BLASThreads.set(threads)
        if mode == .session { return session(model: model, words: count, threads: threads, piece: piece) }
        let words = BenchDocument.words(count: count)
        var result = ModelBenchResult(mode: mode, words: count, threads: threads)
        result.baselineRSSMiB = ProcessMemory.kibibytes("VmRSS") / 1024
        var config = model.config
        if mode == .full { config.memoryVariant = .full }
        let runner = mode == .full ? fullAttention(model) : model
        let clock = Stopwatch()
        let labels: [LabeledWord]
        switch mode {
        case .session:
            preconditionFailure("measured by session(model:words:threads:piece:)")
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
        precondition(labels.count == count, "labelled \(labels.count) of \(count) words")
        result.record(seconds: clock.seconds, config: config)
        return result
    }

    /// The session mode: words made piece by piece, labels dropped page by page.
    static func session(model: MemoryTransformerModel, words count: Int, threads: Int, piece: Int) -> ModelBenchResult {
        BLASThreads.set(threads)
        var result = ModelBenchResult(mode: .session, words: count, threads: threads)
        result.baselineRSSMiB = ProcessMemory.kibibytes("VmRSS") / 1024
        let clock = Stopwatch()
        var state = model.newDocument(), stream = BenchDocument.Stream()
        var first = 0, labelled = 0
        while first < count {
            let last = min(count, first + piece)
            model.read(&state, words: stream.next(last - first), path: .batched)
            first = last
        }
        let done = model.finished(state, path: .batched)
        first = 0
        while first < count {
            let last = min(count, first + piece)
            labelled += model.finalLabels(finished: done, words: first..<last, path: .batched).count
            first = last
        }
        precondition(labelled == count, "labelled \(labelled) of \(count) words")
        result.record(seconds: clock.seconds, config: model.config)
        // done shares state's arrays unless `finished` read a tail chunk (then onlineLabels was copied).
        let shared = done.onlineLabels.withUnsafeBufferPointer { a in state.onlineLabels.withUnsafeBufferPointer { a.baseAddress == $0.baseAddress } }
        let bytes = done.words.capacity * MemoryLayout<Word>.stride + done.onlineLabels.capacity * MemoryLayout<LabeledWord>.stride
            + (shared ? 0 : state.onlineLabels.capacity * MemoryLayout<LabeledWord>.stride)
        result.documentMiB = Double(bytes) / Double(1 << 20)
        result.workingRSSMiB = result.peakRSSMiB - result.baselineRSSMiB - result.documentMiB!
        return result
    }
}

extension ModelBenchResult {
    /// Fills in time, rates, FLOPs and the peak RSS once `seconds` of labelling are over.
    mutating func record(seconds: Double, config: ModelConfig) {
        self.seconds = seconds
        wordsPerSecond = Double(words) / seconds
        microsecondsPerWord = seconds / Double(words) * 1e6
        flops = BenchModelFlops.document(words: words, config: config, full: mode == .full)
        gflops = flops / seconds / 1e9
        peakRSSMiB = ProcessMemory.kibibytes("VmHWM") / 1024
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
