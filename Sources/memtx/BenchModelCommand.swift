// `memtx bench model`: words/s, achieved GFLOP/s ÷ the sgemm peak measured in the same
// run, time per word and peak RSS for document lengths 1k…1M, for whole-document and
// session-style labelling, the unoptimised path and the `full` attention baseline. Each
// (mode, length) runs in a fresh child process (`--child`) so its VmHWM is its own.
import ArgumentParser
import Foundation
import Kernels
import MemoryTransformer

struct ModelBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Measure the model's words/s, GFLOP/s ÷ sgemm peak and RSS per document length.")

    @Option(help: "Checkpoint directory.") var checkpoint: String = "checkpoints/conll-en"
    @Option(help: "Document lengths in words, comma-separated.") var lengths: String = "1000,10000,100000,1000000"
    @Option(help: "Modes, comma-separated: label, stream, session, naive, full.") var modes: String = "label,stream,session,naive,full"
    @Option(help: "OpenBLAS threads (1 or 2).") var threads: Int = 1
    @Option(help: "Words per piece in stream mode (a session's chunk request).") var piece: Int = 1000
    @Option(help: "Longest document for the naive mode.") var naiveMaxLength: Int = 100_000
    @Option(help: "full baseline: stop after a length takes (or is projected to take) longer than this many seconds.")
    var timeCap: Double = 60
    @Option(help: "full baseline: skip lengths whose attention matrices need more than this many GiB.")
    var memoryCapGiB: Double = 6
    @Flag(help: "Also time the NumPy reference (reference/bench_reference.py) and report the ratio.")
    var reference = false
    @Option(help: "Words of the document the reference comparison uses.") var referenceLength: Int = 5_000
    @Option(help: "Write the figures as JSON to this file as well.") var json: String?

    @Flag(help: .hidden) var child = false
    @Option(help: .hidden) var mode: BenchMode = .label
    @Option(help: .hidden) var length: Int = 1000

    func run() async throws {
        let (model, _) = try MemoryTransformerModel.load(from: URL(fileURLWithPath: checkpoint))
        if child {
            let result = BenchModelRun.measure(model: model, mode: mode, words: length, threads: threads, piece: piece)
            Console.line(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
            return
        }
        let peak = BenchPeak.measure(config: model.config, threads: threads)
        Console.line(String(format: "sgemm peak (%d thread%@): %.1f GFLOP/s (best of %@)", threads, threads == 1 ? "" : "s",
                            peak.gflops, peak.measurements.map { "\($0.m)x\($0.n)x\($0.k)" }.joined(separator: ", ")))
        Console.line(ModelBenchTable.header)
        var results: [ModelBenchResult] = []
        for mode in modes.split(separator: ",").compactMap({ BenchMode(rawValue: String($0)) }) {
            for length in lengths.split(separator: ",").compactMap({ Int($0) }) {
                var result = try measureInChild(mode: mode, length: length, previous: results.last { $0.mode == mode })
                if result.skipped == nil { result.fractionOfPeak = result.gflops / peak.gflops }
                Console.line(ModelBenchTable.row(result))
                results.append(result)
            }
        }
        var comparison: ReferenceComparison?
        if reference {
            comparison = try BenchReference.compare(model: model, checkpoint: checkpoint, words: referenceLength, threads: threads)
            Console.line(comparison!.summary)
        }
        if let json {
            let report = ModelBenchReport(threads: threads, peak: peak, results: results, reference: comparison)
            try JSONOutput.write(report, toFile: json)
        }
    }

    /// Runs one measurement in a fresh `memtx bench model --child` process, or says why not.
    private func measureInChild(mode: BenchMode, length: Int, previous: ModelBenchResult?) throws -> ModelBenchResult {
        var skipped = ModelBenchResult(mode: mode, words: length, threads: threads)
        if mode == .naive && length > naiveMaxLength {
            skipped.skipped = "longer than --naive-max-length"
            return skipped
        }
        if mode == .full {
            if let previous, previous.skipped != nil || previous.seconds > timeCap {
                skipped.skipped = "a shorter document already passed the cap"
                return skipped
            }
            let gib = BenchModelFlops.fullAttentionBytes(words: length, config: try loadConfig()) / Double(1 << 30)
            if gib > memoryCapGiB {
                skipped.skipped = String(format: "attention matrices need %.0f GiB", gib)
                return skipped
            }
            if let previous {
                let projected = previous.seconds * pow(Double(length) / Double(previous.words), 2)
                if projected > timeCap {
                    skipped.skipped = String(format: "projected %.0f s (quadratic) > cap", projected)
                    return skipped
                }
            }
        }
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let (status, data) = try BenchProcess.run(executable, [
            "bench", "model", "--child", "--mode", mode.rawValue, "--length", String(length),
            "--threads", String(threads), "--piece", String(piece), "--checkpoint", checkpoint], threads: threads)
        guard status == 0, let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last else {
            skipped.skipped = "child failed with status \(status)"
            return skipped
        }
        return try JSONDecoder().decode(ModelBenchResult.self, from: Data(line.utf8))
    }

    private func loadConfig() throws -> ModelConfig {
        try JSONDecoder().decode(ModelConfig.self, from: Data(contentsOf: URL(fileURLWithPath: checkpoint + "/config.json")))
    }
}

extension BenchMode: ExpressibleByArgument {}
