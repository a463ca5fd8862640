// memtx against the NumPy reference (reference/bench_reference.py) on the same document,
// the same work (both passes, features given) and the same OpenBLAS thread count. The
// reference also returns its labels, so the comparison checks they agree.
import Foundation
import Kernels
import MemoryTransformer

/// memtx's and the reference's words/s on one document.
struct ReferenceComparison: Codable {
    var words: Int
    var threads: Int
    var dtype: String
    var memtxWordsPerSecond: Double
    /// The unoptimised path (InferencePath.naive) on the same document, timed alternately.
    var naiveWordsPerSecond: Double
    var referenceWordsPerSecond: Double
    /// memtx ÷ reference.
    var ratio: Double
    /// Fraction of words whose label memtx and the reference agree on.
    var labelAgreement: Double

    var summary: String {
        String(format: "reference (NumPy %@, %d words, %d thread%@): %.0f words/s; memtx %.0f words/s; memtx ÷ reference = %.1f×; labels agree on %.2f%%; batched ÷ naive path = %.2f× (%.0f words/s naive)",
               dtype, words, threads, threads == 1 ? "" : "s", referenceWordsPerSecond, memtxWordsPerSecond, ratio,
               100 * labelAgreement, memtxWordsPerSecond / naiveWordsPerSecond, naiveWordsPerSecond)
    }
}

/// Output of bench_reference.py.
private struct ReferenceOutput: Decodable {
    let words: Int
    let seconds: Double
    let words_per_second: Double
    let labels: [Int]
}

enum BenchReference {
    /// Times the reference and memtx (best of 3, in process) on a synthetic document of `count` words.
    static func compare(model: MemoryTransformerModel, checkpoint: String, words count: Int, threads: Int,
                        dtype: String = "float32") throws -> ReferenceComparison {
        let words = BenchDocument.words(count: count)
        let features = model.featurizer.features(for: words.map(\.text))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("memtx-bench-features-\(getpid()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let payload: [String: [Int32]] = ["wordIDs": features.wordIDs, "ngramOffsets": features.ngramOffsets,
                                          "ngramBuckets": features.ngramBuckets, "shapeIDs": features.shapeIDs]
        try JSONEncoder().encode(payload).write(to: file)
        let (status, data) = try BenchProcess.run(
            "/usr/bin/env", ["python3", "reference/bench_reference.py", checkpoint, file.path, "--dtype", dtype, "--labels"],
            threads: threads)
        guard status == 0 else {
            throw ValidationErrorMessage("reference/bench_reference.py failed (status \(status)); run it from the repository root with NumPy installed")
        }
        let reference = try JSONDecoder().decode(ReferenceOutput.self, from: data)
        BLASThreads.set(threads)
        // Batched and naive alternate, best of 3 each, so load on a shared machine hits both alike.
        var best = Double.infinity, bestNaive = Double.infinity
        var labels: [LabeledWord] = []
        for _ in 0..<3 {
            let batched = Stopwatch()
            labels = model.label(words: words)
            best = min(best, batched.seconds)
            let naive = Stopwatch()
            _ = model.label(words: words, path: .naive)
            bestNaive = min(bestNaive, naive.seconds)
        }
        let agree = zip(labels, reference.labels).filter { $0.labelID == $1 }.count
        let memtx = Double(count) / best
        return ReferenceComparison(
            words: count, threads: threads, dtype: dtype, memtxWordsPerSecond: memtx,
            naiveWordsPerSecond: Double(count) / bestNaive,
            referenceWordsPerSecond: reference.words_per_second, ratio: memtx / reference.words_per_second,
            labelAgreement: Double(agree) / Double(max(count, 1)))
    }
}
