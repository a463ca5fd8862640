// TokenAccuracy: the four word buckets of the synthetic task on a hand-worked document.
import Testing
@testable import MemoryTransformer

@Suite struct TokenAccuracyTests {
    @Test func bucketsSplitByMemoryAndEntity() throws {
        let doc = LabeledDocument(
            id: "d", words: ["Vorsk", "is", "a", "river", ".", "Later", "Vorsk", "."],
            labels: ["B-LOC", "O", "O", "O", "O", "O", "B-LOC", "O"],
            needsMemory: [false, false, false, false, false, false, true, false])
        let predicted = ["B-LOC", "O", "O", "O", "O", "B-PER", "B-PER", "O"]
        let acc = try TokenAccuracy.measure(documents: [doc], predictions: [predicted])
        #expect(acc.all == AccuracyCount(correct: 6, total: 8))
        #expect(acc.memory == AccuracyCount(correct: 0, total: 1))
        #expect(acc.localEntity == AccuracyCount(correct: 1, total: 1))
        #expect(acc.entity == AccuracyCount(correct: 1, total: 2))
        #expect(acc.entity.accuracy == 0.5)
    }

    @Test func emptyBucketHasZeroAccuracy() throws {
        let doc = LabeledDocument(id: "d", words: ["a"], labels: ["O"])
        let acc = try TokenAccuracy.measure(documents: [doc], predictions: [["O"]])
        #expect(acc.memory.total == 0 && acc.memory.accuracy == 0)
        #expect(acc.all.accuracy == 1)
        #expect(throws: EvaluationError.self) { try TokenAccuracy.measure(documents: [doc], predictions: [[]]) }
    }
}
