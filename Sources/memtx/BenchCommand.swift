// `memtx bench`: measurements that write figures (table on stdout, JSON on request).
import ArgumentParser
import Foundation
import Kernels

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure speed on this machine.",
        subcommands: [GemmBench.self, ModelBench.self, TextBench.self])
}

/// `memtx bench gemm`: sgemm GFLOP/s for the model's shapes and a large square one.
struct GemmBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm", abstract: "Measure sgemm GFLOP/s (the machine's own limit).")

    @Option(help: "Thread counts to measure, comma-separated.")
    var threads: String = "1,2"

    @Option(help: "Write the figures as JSON to this file as well.")
    var json: String?

    @Option(help: "Seconds per timed round (best of 3 rounds).")
    var seconds: Double = 0.3

    /// (m, n, k) of the products the model runs: chunk × d_model projections, the MLP,
    /// attention logits over chunk + memory, and a large square reference.
    static let shapes: [(String, Int, Int, Int)] = [
        ("qkv proj   C=64,d=128", 64, 384, 128),
        ("mlp up     C=64,d=128", 64, 512, 128),
        ("mlp down   C=64,d=128", 64, 128, 512),
        ("logits/hd  C=64,M=64", 64, 128, 32),
        ("batched    8C=512,d=128", 512, 512, 128),
        ("square     1024", 1024, 1024, 1024),
    ]

    func run() async throws {
        let threadCounts = threads.split(separator: ",").compactMap { Int($0) }
        var measurements: [GemmMeasurement] = []
        print("shape                        m     n     k  threads  GFLOP/s")
        for (name, m, n, k) in Self.shapes {
            for count in threadCounts {
                let result = measureGemm(m: m, n: n, k: k, threads: count, minimumSeconds: seconds)
                measurements.append(result)
                print(
                    name.padding(toLength: 26, withPad: " ", startingAt: 0)
                        + String(format: " %5d %5d %5d %7d %8.1f", m, n, k, count, result.gflops))
            }
        }
        if let json { try JSONOutput.write(measurements, toFile: json) }
    }
}
