// `memtx eval`: accuracy (synthetic) and entity-level F1 (CoNLL) of a checkpoint.
import ArgumentParser
import Foundation
import MemoryTransformer

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Score a checkpoint on labelled documents (JSON Lines or CoNLL).")

    @Option(help: "Checkpoint directory.") var checkpoint: String
    @Option(help: "Documents to score (.jsonl or CoNLL).") var data: String
    @Option(help: "Memory capacity override (default: the model's M).") var capacity: Int?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @Option(help: "Memory pass 2 reads: model (its own), empty, other-document (the previous document's) or oracle (the needed earlier words, at most M).")
    var memoryControl: MemoryControl = .model
    @Flag(help: "Give identical predicted mentions of a document one type (their majority type) before scoring: the post-processor baseline.")
    var consistency = false
    @Flag(help: "Add each document's entity counts to the JSON report (for scripts/paired-bootstrap.py).")
    var perDocument = false
    @Option(help: "Label decoding override: argmax or bio-viterbi (default: the checkpoint's).") var decoding: LabelDecoding?
    @Option(help: "Recurrence bonus override (one-entry-per-word memories; default: the checkpoint's).") var recurrenceBonus: Float?
    @Option(help: "Join consecutive documents into documents of at least N words (long-document test).") var concatenate: Int?
    @Option(help: "Training documents: adds memory-target mentions (repeated from an earlier chunk, their surface form never a training mention) to the report.")
    var trainingData: String?

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let (loaded, digest) = try MemoryTransformerModel.load(from: URL(fileURLWithPath: checkpoint))
        let decoded = decoding.map { loaded.decoding($0) } ?? loaded
        let model = recurrenceBonus.map { decoded.recurrenceBonus($0) } ?? decoded
        try model.config.validate()
        var documents = try DocumentFiles.load(data)
        if let concatenate {
            guard concatenate > 0 else { throw ValidationErrorMessage("--concatenate must be positive") }
            documents = LabeledDocument.concatenated(documents, words: concatenate)
        }
        let target = try trainingData.map { MemoryTarget(chunkSize: model.config.chunkSize, training: try DocumentFiles.load($0)) }
        let report = try ModelEvaluator(model: model).evaluate(
            documents, capacity: capacity, control: memoryControl, consistency: consistency, perDocument: perDocument,
            target: target)
        switch format {
        case .json:
            print(String(decoding: try JSONOutput.encode(report), as: UTF8.self))
        case .text:
            print("checkpoint \(checkpoint) (sha256 \(digest.prefix(12))…), variant \(model.config.memoryVariant.rawValue), decoding \(model.config.decoding.rawValue), M = \(report.memoryCapacity), memory control \(report.memoryControl.rawValue)\(consistency ? ", document consistency" : "")")
            print(ReportText.describe(report))
        }
    }
}

/// Human-readable lines for an evaluation report.
enum ReportText {
    static func describe(_ r: EvaluationReport) -> String {
        func pct(_ x: Double) -> String { String(format: "%.2f", 100 * x) }
        var lines = [
            "documents \(r.documents), words \(r.words), \(Int(r.wordsPerSecond)) words/s",
            "token accuracy: all \(pct(r.tokenAccuracy.all.accuracy)), needs-memory \(pct(r.tokenAccuracy.memory.accuracy)) (n=\(r.tokenAccuracy.memory.total)), local entities \(pct(r.tokenAccuracy.localEntity.accuracy)) (n=\(r.tokenAccuracy.localEntity.total)), entities \(pct(r.tokenAccuracy.entity.accuracy))",
            "entity F1 \(pct(r.entities.overall.f1)) (P \(pct(r.entities.overall.precision)), R \(pct(r.entities.overall.recall))); repeated mentions F1 \(pct(r.entities.repeated.f1))",
        ]
        if let target = r.entities.memoryTarget {
            lines.append("memory-target mentions F1 \(pct(target.f1)) (P \(pct(target.precision)), R \(pct(target.recall)), gold \(target.gold))")
        }
        for (type, score) in r.entities.perType.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(type): F1 \(pct(score.f1)) P \(pct(score.precision)) R \(pct(score.recall)) (gold \(score.gold))")
        }
        lines.append(String(format: "memory: fill %.1f, score spread %.3f, needed word kept %.1f%%",
                            r.memory.meanMemoryFill, r.memory.meanScoreSpread, 100 * r.memory.neededWordKeptRate))
        return lines.joined(separator: "\n")
    }
}

extension MemoryControl: ExpressibleByArgument {}
extension LabelDecoding: ExpressibleByArgument {}
