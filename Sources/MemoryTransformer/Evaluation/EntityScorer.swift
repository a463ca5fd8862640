// Entity-level precision / recall / F1 exactly as conlleval computes them, plus the same
// figures restricted to repeated mentions (the ones a document-level memory should help).

/// Accumulates entity-level scores over documents.
///
/// Definitions (conlleval): chunks are extracted from each tag sequence with
/// `EntitySpan.extract` (`B-X` starts a chunk; `I-X` continues only a chunk of type X and
/// otherwise starts a new one; `O` ends the chunk). A predicted chunk is correct only when
/// a gold chunk has the same start, end and type. Precision = correct / predicted, recall
/// = correct / gold, F1 = 2PR / (P + R); every 0/0 is defined as 0. Per-type buckets
/// count gold chunks by gold type and predicted chunks by predicted type.
///
/// Repeated mentions: the surface form of a chunk is its words joined by one space
/// (case-sensitive, type ignored). Within one document,
/// - a gold chunk is a *repeated gold mention* when another gold chunk with the same
///   surface form ends at or before its start (it is not the first gold mention);
/// - a predicted chunk is a *repeated predicted mention* when a gold chunk with the same
///   surface form ends at or before its start.
/// `repeated.gold` counts repeated gold mentions (recall denominator), `repeated.predicted`
/// repeated predicted mentions (precision denominator), and `repeated.correct` the
/// repeated predicted mentions that are correct — which are exactly the repeated gold
/// mentions that were found, so both ratios share one numerator.
///
/// Memory-target mentions (only with a `MemoryTarget`): repeated mentions whose surface
/// form was a gold chunk ending at or before the start of the mention's own chunk (chunks
/// of `chunkSize` words from the document's start, so only the memory can show it) and is
/// not a gold surface form of the training data: the mentions a document memory exists
/// for. Counted like repeated mentions, in `memoryTarget`.
public struct EntityScorer: Sendable {
    /// The scores accumulated so far.
    public private(set) var report: EntityScoreReport
    /// What makes a mention a memory-target mention; nil: not counted.
    public let target: MemoryTarget?

    public init(target: MemoryTarget? = nil) {
        self.target = target
        report = EntityScoreReport()
        if target != nil { report.memoryTarget = PRFScore() }
    }

    /// Scores one document's predicted tags against its gold tags. Throws
    /// `EvaluationError.lengthMismatch` when the sequences differ in length.
    public mutating func add(words: [String], gold: [String], predicted: [String], id: String = "") throws {
        guard gold.count == words.count, predicted.count == words.count else {
            throw EvaluationError.lengthMismatch(
                document: id, words: words.count, gold: gold.count, predicted: predicted.count)
        }
        let goldSpans = EntitySpan.extract(from: gold)
        let predictedSpans = EntitySpan.extract(from: predicted)
        let goldSet = Set(goldSpans)

        // Earliest end of a gold chunk per surface form: a chunk starting at or after it
        // has a gold predecessor with the same surface.
        var firstGoldEnd: [String: Int] = [:]
        for span in goldSpans {
            let surface = span.surface(in: words)
            firstGoldEnd[surface] = min(firstGoldEnd[surface] ?? .max, span.end)
        }
        func isRepeated(_ span: EntitySpan) -> Bool {
            guard let end = firstGoldEnd[span.surface(in: words)] else { return false }
            return end <= span.start
        }
        func isMemoryTarget(_ span: EntitySpan) -> Bool {
            guard let target else { return false }
            let surface = span.surface(in: words)
            guard let end = firstGoldEnd[surface], !target.trainingSurfaces.contains(surface) else { return false }
            return end <= span.start / target.chunkSize * target.chunkSize
        }

        for span in goldSpans {
            report.overall.gold += 1
            report.perType[span.type, default: PRFScore()].gold += 1
            if isRepeated(span) {
                report.repeated.gold += 1
                report.repeatedPerType[span.type, default: PRFScore()].gold += 1
            }
            if isMemoryTarget(span) { report.memoryTarget?.gold += 1 }
        }
        for span in predictedSpans {
            let correct = goldSet.contains(span) ? 1 : 0
            let repeated = isRepeated(span)
            report.overall += PRFScore(correct: correct, predicted: 1)
            report.perType[span.type, default: PRFScore()] += PRFScore(correct: correct, predicted: 1)
            if repeated {
                report.repeated += PRFScore(correct: correct, predicted: 1)
                report.repeatedPerType[span.type, default: PRFScore()] += PRFScore(correct: correct, predicted: 1)
            }
            if isMemoryTarget(span) { report.memoryTarget? += PRFScore(correct: correct, predicted: 1) }
        }
    }

    /// Scores `predictions[i]` against `documents[i].labels` for every document.
    public static func score(documents: [LabeledDocument], predictions: [[String]],
                             target: MemoryTarget? = nil) throws -> EntityScoreReport {
        guard documents.count == predictions.count else {
            throw EvaluationError.documentCountMismatch(expected: documents.count, actual: predictions.count)
        }
        var scorer = EntityScorer(target: target)
        for (document, predicted) in zip(documents, predictions) {
            try scorer.add(words: document.words, gold: document.labels, predicted: predicted, id: document.id)
        }
        return scorer.report
    }
}

/// What makes a repeated mention a memory-target mention (`EntityScorer`).
public struct MemoryTarget: Sendable, Equatable {
    /// The model's chunk size C: an earlier mention must lie in an earlier chunk.
    public let chunkSize: Int
    /// Gold surface forms of the training data (words joined by one space).
    public let trainingSurfaces: Set<String>

    public init(chunkSize: Int, trainingSurfaces: Set<String>) {
        precondition(chunkSize > 0, "chunk size must be positive")
        self.chunkSize = chunkSize
        self.trainingSurfaces = trainingSurfaces
    }

    /// The target for `training`'s gold mentions.
    public init(chunkSize: Int, training: [LabeledDocument]) {
        var surfaces = Set<String>()
        for document in training {
            for span in EntitySpan.extract(from: document.labels) { surfaces.insert(span.surface(in: document.words)) }
        }
        self.init(chunkSize: chunkSize, trainingSurfaces: surfaces)
    }
}
