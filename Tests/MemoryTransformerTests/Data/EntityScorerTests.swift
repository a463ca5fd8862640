// EntityScorer: hand-worked conlleval cases (perfect, boundaries, types, IOB1 quirks,
// empty predictions), the repeated-mention buckets and the memory-target mentions.
import Foundation
import Testing
@testable import MemoryTransformer

@Suite struct EntityScorerTests {
    private func score(_ words: [String], _ gold: [String], _ predicted: [String]) throws -> EntityScoreReport {
        var scorer = EntityScorer()
        try scorer.add(words: words, gold: gold, predicted: predicted)
        return scorer.report
    }

    private func words(_ n: Int) -> [String] { (0..<n).map { "w\($0)" } }

    @Test func perfectPrediction() throws {
        let gold = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC"]
        let r = try score(words(5), gold, gold)
        #expect(r.overall == PRFScore(correct: 3, predicted: 3, gold: 3))
        #expect(r.overall.precision == 1 && r.overall.recall == 1 && r.overall.f1 == 1)
        #expect(r.perType["LOC"] == PRFScore(correct: 2, predicted: 2, gold: 2))
    }

    @Test func boundaryErrorIsWrong() throws {
        let gold = ["B-PER", "I-PER", "O", "B-LOC"]
        let predicted = ["B-PER", "O", "O", "B-LOC"]
        let r = try score(words(4), gold, predicted)
        #expect(r.overall == PRFScore(correct: 1, predicted: 2, gold: 2))
        #expect(r.overall.precision == 0.5 && r.overall.recall == 0.5 && r.overall.f1 == 0.5)
        #expect(r.perType["PER"]?.correct == 0)
    }

    @Test func typeErrorCountsAgainstBothTypes() throws {
        let r = try score(words(3), ["B-PER", "O", "B-LOC"], ["B-ORG", "O", "B-LOC"])
        #expect(r.overall == PRFScore(correct: 1, predicted: 2, gold: 2))
        #expect(r.perType["PER"] == PRFScore(correct: 0, predicted: 0, gold: 1))
        #expect(r.perType["ORG"] == PRFScore(correct: 0, predicted: 1, gold: 0))
        #expect(abs(r.overall.f1 - 0.5) < 1e-12)
    }

    @Test func iob1QuirksFollowConlleval() throws {
        // I-X after O starts a chunk; I-LOC after I-PER starts a new one; B-PER after I-PER splits.
        #expect(EntitySpan.extract(from: ["O", "I-PER", "I-PER", "I-LOC"]) ==
                [EntitySpan(start: 1, end: 3, type: "PER"), EntitySpan(start: 3, end: 4, type: "LOC")])
        #expect(EntitySpan.extract(from: ["I-PER", "B-PER", "I-PER"]) ==
                [EntitySpan(start: 0, end: 1, type: "PER"), EntitySpan(start: 1, end: 3, type: "PER")])
        let r = try score(words(4), ["O", "B-PER", "I-PER", "B-LOC"], ["O", "I-PER", "I-PER", "I-LOC"])
        #expect(r.overall == PRFScore(correct: 2, predicted: 2, gold: 2))
    }

    @Test func emptyPredictionsGiveZeroWithoutCrash() throws {
        let r = try score(words(3), ["B-PER", "O", "B-LOC"], ["O", "O", "O"])
        #expect(r.overall == PRFScore(correct: 0, predicted: 0, gold: 2))
        #expect(r.overall.precision == 0 && r.overall.recall == 0 && r.overall.f1 == 0)
        let none = try score(words(2), ["O", "O"], ["O", "O"])
        #expect(none.overall.f1 == 0 && none.repeated.precision == 0)
    }

    @Test func repeatedMentionsAreCounted() throws {
        let words = ["Vorsk", "went", "home", ".", "Later", "Vorsk", "left", "and", "Vorsk", "Talu", "came"]
        var gold = Array(repeating: "O", count: words.count)
        gold[0] = "B-PER"; gold[5] = "B-PER"; gold[8] = "B-PER"; gold[9] = "B-LOC"
        var predicted = Array(repeating: "O", count: words.count)
        predicted[0] = "B-PER"; predicted[1] = "B-PER"; predicted[5] = "B-LOC"; predicted[8] = "B-PER"
        let r = try score(words, gold, predicted)
        #expect(r.overall == PRFScore(correct: 2, predicted: 4, gold: 4))
        // Gold repeats: Vorsk@5, Vorsk@8. Predicted repeats: Vorsk@5 (LOC, wrong), Vorsk@8.
        #expect(r.repeated == PRFScore(correct: 1, predicted: 2, gold: 2))
        #expect(r.repeatedPerType["PER"] == PRFScore(correct: 1, predicted: 1, gold: 2))
        #expect(r.repeatedPerType["LOC"] == PRFScore(correct: 0, predicted: 1, gold: 0))
    }

    @Test func repeatedNeedsEarlierGoldMentionWithSameSurface() throws {
        // "New York" then "York": different surfaces; a predicted span before any gold one is not repeated.
        let words = ["York", "New", "York", "York"]
        let gold = ["O", "B-LOC", "I-LOC", "B-LOC"]
        let predicted = ["B-LOC", "B-LOC", "I-LOC", "B-LOC"]
        let r = try score(words, gold, predicted)
        #expect(r.repeated == PRFScore(correct: 0, predicted: 0, gold: 0))
        let again = try score(words + ["New", "York"], gold + ["B-LOC", "I-LOC"], predicted + ["B-LOC", "I-LOC"])
        #expect(again.repeated == PRFScore(correct: 1, predicted: 1, gold: 1))
    }

    @Test func mismatchedInputsThrow() {
        let doc = LabeledDocument(id: "d", words: ["a"], labels: ["O"])
        #expect(throws: EvaluationError.documentCountMismatch(expected: 1, actual: 0)) {
            try EntityScorer.score(documents: [doc], predictions: [])
        }
        #expect(throws: EvaluationError.self) { try EntityScorer.score(documents: [doc], predictions: [["O", "O"]]) }
    }

    @Test func reportEncodesDerivedRatios() throws {
        let r = try score(words(2), ["B-PER", "O"], ["B-PER", "B-LOC"])
        let json = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        #expect(json.contains("\"f1\""))
        #expect(try JSONDecoder().decode(EntityScoreReport.self, from: Data(json.utf8)) == r)
    }

    /// Memory-target mentions: repeated from an earlier chunk, never a training mention.
    @Test func memoryTargetMentionsNeedAnEarlierChunkAndAnUnseenSurface() throws {
        let words = ["Vorsk", "met", "Anna", ".", "Vorsk", "and", "Anna", "Vorsk"]
        let gold = ["B-PER", "O", "B-PER", "O", "B-PER", "O", "B-PER", "B-ORG"]
        let predicted = ["B-PER", "O", "B-PER", "O", "B-PER", "O", "B-LOC", "B-PER"]
        let training = [LabeledDocument(id: "t", words: ["Anna", "sang"], labels: ["B-PER", "O"])]
        // Chunks of 4: Vorsk@4 and Vorsk@7 follow Vorsk@0 in an earlier chunk; Anna@6 is a training form.
        var scorer = EntityScorer(target: MemoryTarget(chunkSize: 4, training: training))
        try scorer.add(words: words, gold: gold, predicted: predicted)
        #expect(scorer.report.memoryTarget == PRFScore(correct: 1, predicted: 2, gold: 2))
        #expect(scorer.report.repeated == PRFScore(correct: 1, predicted: 3, gold: 3))
        // One chunk of 8: every earlier mention is in the same chunk, so none is a target.
        var oneChunk = EntityScorer(target: MemoryTarget(chunkSize: 8, trainingSurfaces: []))
        try oneChunk.add(words: words, gold: gold, predicted: predicted)
        #expect(oneChunk.report.memoryTarget == PRFScore())
        // Without a target nothing is counted.
        #expect(try score(words, gold, predicted).memoryTarget == nil)
    }
}
