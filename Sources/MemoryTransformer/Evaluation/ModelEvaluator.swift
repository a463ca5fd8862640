// Evaluates a model on labelled documents: two-pass labels with the hard top-M memory,
// token accuracy split by words that need memory and words that do not, entity F1,
// speed, and memory diagnostics (score spread, how often the needed word was kept).
import Foundation

/// Memory health on documents with `needsMemory` words.
public struct MemoryDiagnostics: Codable, Sendable, Equatable {
    /// Mean over documents of the standard deviation of the scores of the words kept in
    /// the final memory (0 means the scores collapsed to one value).
    public var meanScoreSpread: Double
    /// Fraction of memory-needing words whose earlier mention (same text, earlier chunk)
    /// was in the final memory.
    public var neededWordKeptRate: Double
    /// Mean number of memory entries at the end of a document.
    public var meanMemoryFill: Double
}

/// Everything `memtx eval` reports.
public struct EvaluationReport: Codable, Sendable {
    public var documents: Int
    public var words: Int
    public var wordsPerSecond: Double
    public var tokenAccuracy: TokenAccuracy
    public var entities: EntityScoreReport
    public var memory: MemoryDiagnostics
    /// Memory capacity used (M, or factor × M when measuring the training/evaluation gap).
    public var memoryCapacity: Int
}

/// Runs a model over documents and scores it.
public struct ModelEvaluator {
    public let model: MemoryTransformerModel

    public init(model: MemoryTransformerModel) { self.model = model }

    /// Labels every document (two passes) with memory capacity `capacity` (default M).
    public func evaluate(_ documents: [LabeledDocument], capacity: Int? = nil) throws -> EvaluationReport {
        let capacity = capacity ?? model.config.memorySize
        var predictions: [[String]] = []
        var spreads: [Double] = [], fills: [Double] = []
        var needed = 0, kept = 0, words = 0
        let start = Date()
        for document in documents {
            var state = DocumentState(memory: model.emptyMemory(capacity: capacity))
            let placed = Word.placeholders(document.words)
            model.read(&state, words: placed)
            let done = model.finished(state)  // the tail read once, for labels and diagnostics
            let labels = model.finalLabels(done)
            predictions.append(labels.map { model.config.labels[$0.labelID] })
            words += document.words.count
            fills.append(Double(done.memory.count))
            spreads.append(Self.spread(done.memory.entries.map(\.score)))
            let chunkSize = model.config.chunkSize
            for (t, needs) in document.needsMemory.enumerated() where needs {
                needed += 1
                let chunk = t / chunkSize
                if done.memory.entries.contains(where: { $0.word == document.words[t] && $0.chunk < chunk }) { kept += 1 }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        return EvaluationReport(
            documents: documents.count, words: words, wordsPerSecond: Double(words) / max(seconds, 1e-9),
            tokenAccuracy: try TokenAccuracy.measure(documents: documents, predictions: predictions),
            entities: try EntityScorer.score(documents: documents, predictions: predictions),
            memory: MemoryDiagnostics(
                meanScoreSpread: spreads.isEmpty ? 0 : spreads.reduce(0, +) / Double(spreads.count),
                neededWordKeptRate: needed == 0 ? 0 : Double(kept) / Double(needed),
                meanMemoryFill: fills.isEmpty ? 0 : fills.reduce(0, +) / Double(fills.count)),
            memoryCapacity: capacity)
    }

    /// Population standard deviation.
    static func spread(_ values: [Float]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0) { $0 + Double($1) } / Double(values.count)
        return (values.reduce(0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)).squareRoot()
    }
}
