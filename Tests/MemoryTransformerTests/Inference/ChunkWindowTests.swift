// Context words (`ModelConfig.contextWords`, `ChunkWindow`): each chunk's forward pass reads
// K words on each side without labelling them. The windows' ranges, that the context really
// reaches a chunk's labels, that streaming still equals labelling whole (a chunk waits for
// its K words after) and the batched path the naive one, that training masks the context,
// and that a checkpoint keeps K.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct ChunkWindowTests {
    @Test func windowsAddContextOnEachSideCutAtTheEnds() {
        let windows = (0..<3).map { ChunkWindow(chunk: $0, chunkSize: 4, context: 2, documentLength: 10) }
        #expect(windows.map(\.chunk) == [0..<4, 4..<8, 8..<10])
        #expect(windows.map(\.words) == [0..<6, 2..<10, 6..<10])
        #expect(windows.map(\.rows) == [0..<4, 2..<6, 2..<4])
        // K = 0: the window is the chunk; the whole-document reading is one window.
        #expect(ChunkWindow(chunk: 1, chunkSize: 4, context: 0, documentLength: 10).words == 4..<8)
        #expect(ChunkWindow(chunk: 0, chunkSize: .max, context: 0, documentLength: 10).words == 0..<10)
    }

    @Test func aWindowReadsNoEntryOfItsOwnWordsButAnotherDocumentsEntries() {
        let window = ChunkWindow(chunk: 1, chunkSize: 4, context: 2, documentLength: 10)
        func entry(_ position: Int, chunk: Int) -> MemoryEntry {
            MemoryEntry(score: 0, position: position, chunk: chunk, word: "w", start: 0, end: 1, states: [], scoreInput: [])
        }
        let entries = [entry(1, chunk: 0), entry(3, chunk: 0), entry(9, chunk: 2), entry(5, chunk: -1)]
        #expect(window.readable(entries).map(\.position) == [1, 5])
    }

    @Test func contextWordsReachTheLabelsOfAChunksEdge() {
        // `none`: a chunk sees nothing but its window, so only context can carry a later word.
        let words = TestModels.words(8, seed: 21)
        var changed = words
        changed[4] = "Zzyzx"
        for (context, reaches) in [(0, false), (2, true)] {
            let model = TestModels.model(variant: .none, chunkSize: 4, contextWords: context)
            let a = model.label(words: Word.placeholders(words)), b = model.label(words: Word.placeholders(changed))
            let before: [Float] = a.prefix(4).map(\.probability), after: [Float] = b.prefix(4).map(\.probability)
            #expect((before != after) == reaches, "K = \(context)")
        }
    }

    @Test(arguments: [MemoryVariant.learned, .fifo, .strided, .none])
    func streamingEqualsWholeDocumentWithContext(variant: MemoryVariant) {
        let model = TestModels.model(variant: variant, chunkSize: 4, memorySize: 3, contextWords: 2)
        let words = Word.placeholders(TestModels.words(23))
        let whole = model.label(words: words)
        #expect(whole.count == 23)
        let states = StreamingTests.streamedInRandomPieces(words, model: model, seed: 12) { state, read in
            // A chunk is read once its 4 words and the 2 after it are there.
            #expect(state.chunksRead == max(0, (read - 2) / 4), "after \(read) words")
        }
        for state in states {
            #expect(model.finalLabels(state) == whole)
            // The naive path (ChunkPass) reads the same windows: the same labels, up to rounding.
            let naive = model.finalLabels(state, path: .naive)
            #expect(naive.map(\.labelID) == whole.map(\.labelID))
            #expect(zip(naive, whole).allSatisfy { abs($0.probability - $1.probability) < 1e-5 })
        }
    }

    @Test func trainingLabelsOnlyTheChunkAndItsMemorySkipsTheWindow() {
        let model = TestModels.model(variant: .learned, chunkSize: 4, memorySize: 3, contextWords: 2)
        let trainer = Trainer(model: model, config: TrainingConfig())
        let words = Word.placeholders(TestModels.words(14))
        let memories = trainer.passOneMemories(words)
        #expect(memories.map(\.0.words) == [0..<6, 2..<10, 6..<14, 10..<14])
        for (window, entries) in memories {
            #expect(!entries.isEmpty && entries.allSatisfy { !window.words.contains($0.position) })
        }
        // The loss counts the chunk's words only: the same as a pass whose context targets are −1.
        let document = LabeledDocument(id: "d", words: words.map(\.text), labels: words.map { _ in "B-PER" })
        #expect(trainer.step(documents: [document]).loss.isFinite)
    }

    @Test func aCheckpointKeepsItsContextWordsAndAnOldConfigReadsZero() throws {
        let model = TestModels.model(variant: .learned, contextWords: 2)
        #expect(model.parameters.positionEmbedding.shape == [4 + 2 * 2, model.config.dModel])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("context-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try model.save(to: directory)
        let loaded = try MemoryTransformerModel.load(from: directory).model
        #expect(loaded.config.contextWords == 2)
        let words = Word.placeholders(TestModels.words(13))
        #expect(loaded.label(words: words) == model.label(words: words))
        // A config.json written before the setting existed reads K = 0.
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(model.config)) as! [String: Any]
        json["contextWords"] = nil
        let old = try JSONDecoder().decode(ModelConfig.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(old.contextWords == 0)
        var full = TestModels.config(variant: .full, contextWords: 1)
        #expect(throws: ModelError.self) { try full.validate() }
        full.contextWords = 0
        try full.validate()
    }
}
