// Evaluates a model on labelled documents: two-pass labels with the hard top-M memory,
// token accuracy split by words that need memory and words that do not, entity F1,
// speed, and memory diagnostics (score spread, how often the needed word was kept).
import Foundation

/// Memory health: how spread the scores are and how often the needed word was kept.
public struct MemoryDiagnostics: Codable, Sendable, Equatable {
    /// Mean over documents of the standard deviation of the scores of the words kept in
    /// the final memory (0 means the scores collapsed to one value).
    public var meanScoreSpread: Double
    /// Fraction of memory-needing words (`MemoryControl.neededOccurrences`) whose earlier
    /// mention (same text, earlier chunk) was in the memory pass 2 read.
    public var neededWordKeptRate: Double
    /// Mean number of memory entries at the end of a document.
    public var meanMemoryFill: Double
}

/// One document's entity counts (for a paired bootstrap over documents).
public struct DocumentScore: Codable, Sendable, Equatable {
    public var id: String
    public var overall: PRFScore
    /// Repeated mentions only (`EntityScorer`).
    public var repeated: PRFScore
    /// Memory-target mentions only, when a `MemoryTarget` was given.
    public var memoryTarget: PRFScore?
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
    /// The memory pass 2 read (`model` unless a control was asked for).
    public var memoryControl: MemoryControl
    /// Whether the labels went through `DocumentConsistency` before scoring.
    public var documentConsistency: Bool
    /// Each document's counts, in input order, when asked for (`memtx eval --per-document`).
    public var perDocument: [DocumentScore]?
}

/// Runs a model over documents and scores it.
public struct ModelEvaluator {
    public let model: MemoryTransformerModel

    public init(model: MemoryTransformerModel) { self.model = model }

    /// Labels every document (two passes) with memory capacity `capacity` (default M);
    /// `control` swaps pass 2's memory for a control (`MemoryControl`); `consistency` passes
    /// each document's labels through `DocumentConsistency` before scoring; `perDocument`
    /// adds each document's entity counts to the report; `target` adds the memory-target
    /// mentions (`MemoryTarget`, built with the model's chunk size).
    public func evaluate(_ documents: [LabeledDocument], capacity: Int? = nil,
                         control: MemoryControl = .model, consistency: Bool = false,
                         perDocument: Bool = false, target: MemoryTarget? = nil) throws -> EvaluationReport {
        let capacity = capacity ?? model.config.memorySize
        let variant = model.config.memoryVariant
        if control != .model && [.none, .fifo, .full].contains(variant) {
            throw EvaluationError.controlNeedsGlobalMemory(control: control.rawValue, variant: variant.rawValue)
        }
        let chunkSize = model.config.chunkSize
        var predictions: [[String]] = []
        var spreads: [Double] = [], fills: [Double] = []
        var needed = 0, kept = 0, words = 0
        // The other-document control reads every document's own final memory first.
        let ownMemories = control == .otherDocument ? documents.map { read($0, capacity: capacity).memory } : []
        let start = Date()
        for (index, document) in documents.enumerated() {
            var done = read(document, capacity: capacity)  // the tail read once, for labels and diagnostics
            switch control {
            case .model: break
            case .empty: done.memory = Memory(capacity: 0, policy: .empty)
            case .otherDocument: done.memory = MemoryControl.foreign(ownMemories[(index + documents.count - 1) % documents.count])
            case .oracle:
                let entries = model.readKeepingEveryWord(Word.placeholders(document.words)).entries
                done.memory = MemoryControl.oracleMemory(for: document, entries: entries, capacity: capacity, chunkSize: chunkSize)
            }
            let labels = model.finalLabels(done)
            let tags = labels.map { model.config.labels[$0.labelID] }
            predictions.append(consistency ? DocumentConsistency.apply(tags, words: document.words) : tags)
            words += document.words.count
            fills.append(Double(done.memory.count))
            spreads.append(Self.spread(done.memory.entries.map(\.score)))
            for (t, _) in MemoryControl.neededOccurrences(of: document, chunkSize: chunkSize) {
                needed += 1
                if done.memory.entries.contains(where: { $0.word == document.words[t] && $0.chunk < t / chunkSize }) { kept += 1 }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        return EvaluationReport(
            documents: documents.count, words: words, wordsPerSecond: Double(words) / max(seconds, 1e-9),
            tokenAccuracy: try TokenAccuracy.measure(documents: documents, predictions: predictions),
            entities: try EntityScorer.score(documents: documents, predictions: predictions, target: target),
            memory: MemoryDiagnostics(
                meanScoreSpread: spreads.isEmpty ? 0 : spreads.reduce(0, +) / Double(spreads.count),
                neededWordKeptRate: needed == 0 ? 0 : Double(kept) / Double(needed),
                meanMemoryFill: fills.isEmpty ? 0 : fills.reduce(0, +) / Double(fills.count)),
            memoryCapacity: capacity, memoryControl: control, documentConsistency: consistency,
            perDocument: perDocument ? try zip(documents, predictions).map { document, predicted in
                let report = try EntityScorer.score(documents: [document], predictions: [predicted], target: target)
                return DocumentScore(id: document.id, overall: report.overall, repeated: report.repeated,
                                     memoryTarget: report.memoryTarget)
            } : nil)
    }

    /// Pass 1 over a whole document with a memory of `capacity`, the tail included.
    func read(_ document: LabeledDocument, capacity: Int) -> DocumentState {
        var state = DocumentState(memory: model.emptyMemory(capacity: capacity))
        model.read(&state, words: Word.placeholders(document.words))
        return model.finished(state)
    }

    /// Population standard deviation.
    static func spread(_ values: [Float]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0) { $0 + Double($1) } / Double(values.count)
        return (values.reduce(0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)).squareRoot()
    }
}
