// The evaluation-time memory controls: which words an oracle keeps, an emptied and a
// foreign memory, and that pass 2 really reads the swapped memory.
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct MemoryControlTests {
    /// Chunks of 4: "Zed" introduced in chunk 0 and needed in chunks 1 and 2, "Brakko"
    /// introduced in chunk 1 and needed in chunk 2.
    static let document = LabeledDocument(
        id: "d",
        words: ["Zed", "is", "a", "river", "the", "Brakko", "city", "Zed", "Zed", "in", "Brakko", "."],
        labels: ["B-LOC", "O", "O", "O", "O", "B-PER", "O", "B-LOC", "B-LOC", "O", "B-PER", "O"],
        needsMemory: [false, false, false, false, false, false, false, true, true, false, true, false])

    @Test func neededOccurrencesPointAtTheFirstEarlierChunkMention() {
        let needed = MemoryControl.neededOccurrences(of: Self.document, chunkSize: 4)
        #expect(needed.map(\.word) == [7, 8, 10] && needed.map(\.source) == [0, 0, 5])
    }

    @Test func withoutFlagsEntityWordsSeenInAnEarlierChunkAreNeeded() {
        var conll = Self.document
        conll.needsMemory = Array(repeating: false, count: conll.count)
        // Entity words whose text occurred in an earlier chunk: 7 and 8 (Zed), 10 (Brakko).
        #expect(MemoryControl.neededOccurrences(of: conll, chunkSize: 4).map(\.word) == [7, 8, 10])
        // Inside one chunk nothing is needed.
        #expect(MemoryControl.neededOccurrences(of: conll, chunkSize: 12).isEmpty)
    }

    @Test func oracleKeepsTheNeededWordsInOrderOfNeedUpToCapacity() {
        let model = TestModels.model(variant: .learned, chunkSize: 4, memorySize: 3)
        let entries = model.readKeepingEveryWord(Word.placeholders(Self.document.words)).entries
        #expect(entries.map(\.position) == Array(0..<12))
        let oracle = MemoryControl.oracleMemory(for: Self.document, entries: entries, capacity: 3, chunkSize: 4)
        #expect(oracle.entries.map(\.position) == [0, 5])
        let one = MemoryControl.oracleMemory(for: Self.document, entries: entries, capacity: 1, chunkSize: 4)
        #expect(one.entries.map(\.word) == ["Zed"])
    }

    @Test func foreignMemoryIsExcludedFromNoChunk() {
        let model = TestModels.model(variant: .learned, chunkSize: 4, memorySize: 3)
        var state = DocumentState(memory: model.emptyMemory())
        model.read(&state, words: Word.placeholders(Self.document.words))
        let memory = model.finished(state).memory
        let foreign = MemoryControl.foreign(memory)
        #expect(foreign.entries.count == memory.entries.count)
        for chunk in 0..<3 { #expect(foreign.excluding(chunk: chunk).count == memory.entries.count) }
    }

    @Test func controlsChangeWhatPassTwoReads() throws {
        let model = TestModels.model(variant: .learned, chunkSize: 4, memorySize: 3)
        let evaluator = ModelEvaluator(model: model)
        let documents = [Self.document, LabeledDocument(id: "e", words: TestModels.words(12), labels: Array(repeating: "O", count: 12))]
        let own = try evaluator.evaluate(documents)
        let empty = try evaluator.evaluate(documents, control: .empty)
        let oracle = try evaluator.evaluate(documents, control: .oracle)
        #expect(own.memoryControl == .model && empty.memoryControl == .empty)
        #expect(empty.memory.meanMemoryFill == 0 && empty.memory.neededWordKeptRate == 0)
        #expect(oracle.memory.neededWordKeptRate == 1)
        // The empty control equals evaluating with no capacity at all.
        let zero = try evaluator.evaluate(documents, capacity: 0)
        #expect(empty.tokenAccuracy.all.correct == zero.tokenAccuracy.all.correct)
        _ = try evaluator.evaluate(documents, control: .otherDocument)
    }

    @Test func controlsNeedAVariantWithAGlobalMemory() {
        let evaluator = ModelEvaluator(model: TestModels.model(variant: .fifo))
        #expect(throws: EvaluationError.controlNeedsGlobalMemory(control: "oracle", variant: "fifo")) {
            try evaluator.evaluate([Self.document], control: .oracle)
        }
    }
}
