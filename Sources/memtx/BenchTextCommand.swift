// `memtx bench text`: the HTTP benchmark's document mix, labelled in process. Writes one
// request body per document size ({"text": …}, news-like words from BenchDocument) and a
// manifest the wrk script reads (scripts/bench-http.sh), then tokenises and labels the
// same mix, in the same proportions, on this process's model for `--seconds`: the
// in-process words/s that HTTP throughput is divided by.
import ArgumentParser
import Foundation
import Kernels
import MemoryTransformer

struct TextBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text", abstract: "Write a document mix for the HTTP benchmark and label it in process (words/s).")

    @Option(help: "Checkpoint directory.") var checkpoint: String = "checkpoints/conll-en"
    @Option(help: "Document sizes in words, comma-separated.") var sizes: String = "100,300,1000,3000"
    @Option(help: "How often each size is sent, comma-separated (same order as --sizes).") var weights: String = "8,4,2,1"
    @Option(help: "Directory for the request bodies and manifest.txt.") var directory: String = "bench-results/http-documents"
    @Option(help: "Seconds of in-process labelling.") var seconds: Double = 10
    @Option(help: "OpenBLAS threads.") var threads: Int = 1
    @Option(help: "Write the figures as JSON to this file as well.") var json: String?

    func run() async throws {
        let sizeList = sizes.split(separator: ",").compactMap { Int($0) }
        let weightList = weights.split(separator: ",").compactMap { Int($0) }
        guard !sizeList.isEmpty, sizeList.count == weightList.count, weightList.allSatisfy({ $0 > 0 }) else {
            throw ValidationErrorMessage("--sizes and --weights need the same number of positive entries")
        }
        let (model, _) = try MemoryTransformerModel.load(from: URL(fileURLWithPath: checkpoint))
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var texts: [String] = [], manifest = ""
        for (index, (size, weight)) in zip(sizeList, weightList).enumerated() {
            let text = BenchDocument.words(count: size, seed: 100 + UInt64(index)).map(\.text).joined(separator: " ")
            let words = Tokenizer().tokenize(text).count
            let file = "doc-\(size).json"
            try JSONEncoder().encode(["text": text]).write(to: URL(fileURLWithPath: directory + "/" + file))
            manifest += "\(file) \(words) \(weight)\n"
            texts.append(text)
        }
        try manifest.write(toFile: directory + "/manifest.txt", atomically: true, encoding: .utf8)
        // The mix in proportion: each document `weight` times per round, as the wrk script sends them.
        let round = zip(texts, weightList).flatMap { Array(repeating: $0, count: $1) }
        BLASThreads.set(threads)
        // Tokenising alone, a quarter of the time: the share of the work that is not the model.
        var tokenised = 0
        let tokenClock = Stopwatch()
        var tokenSeconds = 0.0
        while tokenSeconds < seconds / 4 {
            for text in round { tokenised += Tokenizer().tokenize(text).count }
            tokenSeconds = tokenClock.seconds
        }
        var words = 0, documents = 0
        let clock = Stopwatch()
        var elapsed = 0.0
        while elapsed < seconds {
            for text in round {
                words += model.label(words: Tokenizer().tokenize(text)).count
                documents += 1
            }
            elapsed = clock.seconds
        }
        let result = TextBenchResult(threads: threads, documents: documents, words: words, seconds: elapsed,
                                     wordsPerSecond: Double(words) / elapsed, documentsPerSecond: Double(documents) / elapsed,
                                     tokenizerWordsPerSecond: Double(tokenised) / tokenSeconds)
        Console.line(String(format: "in process (%d thread%@): %.0f words/s, %.1f documents/s over %d documents (%.1f s); tokenizer alone %.0f words/s",
                            threads, threads == 1 ? "" : "s", result.wordsPerSecond, result.documentsPerSecond, documents, elapsed,
                            result.tokenizerWordsPerSecond))
        if let json { try JSONOutput.write(result, toFile: json) }
    }
}

/// What `memtx bench text` writes with `--json`.
struct TextBenchResult: Codable {
    var threads: Int
    var documents: Int
    var words: Int
    var seconds: Double
    var wordsPerSecond: Double
    var documentsPerSecond: Double
    /// Tokenising the same mix without labelling it.
    var tokenizerWordsPerSecond: Double
}
