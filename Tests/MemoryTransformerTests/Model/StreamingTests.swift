// Streaming a document in arbitrary pieces gives exactly the labels of labeling it
// whole, for every memory variant; and the memory a session keeps is serialisable.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct StreamingTests {
    @Test(arguments: MemoryVariant.allCases)
    func streamingEqualsWholeDocument(variant: MemoryVariant) throws {
        let model = TestModels.model(variant: variant, chunkSize: 4, memorySize: 3)
        let words = Word.placeholders(TestModels.words(23))
        let whole = model.label(words: words)
        #expect(whole.count == 23)
        for state in Self.streamedInRandomPieces(words, model: model, seed: 11) {
            // Round-trip the state through JSON, as a session store would.
            let restored = try JSONDecoder().decode(DocumentState.self, from: JSONEncoder().encode(state))
            #expect(restored == state)
            #expect(model.finalLabels(restored) == whole)
        }
    }

    /// Five readings of `words`, each streamed in random pieces of 1–7 words; `afterPiece`
    /// sees the state and the words read after each piece.
    static func streamedInRandomPieces(_ words: [Word], model: MemoryTransformerModel, seed: UInt64,
                                       afterPiece: (DocumentState, Int) -> Void = { _, _ in }) -> [DocumentState] {
        var generator = SeededGenerator(seed: seed)
        return (0..<5).map { _ in
            var state = model.newDocument()
            var start = 0
            while start < words.count {
                let end = min(words.count, start + 1 + Int(generator.next() % 7))
                model.read(&state, words: Array(words[start..<end]))
                afterPiece(state, end)
                start = end
            }
            return state
        }
    }

    @Test func secondPassUsesTheMemory() {
        let model = TestModels.model(variant: .learned, chunkSize: 4, memorySize: 3)
        let words = Word.placeholders(TestModels.words(16))
        var state = model.newDocument()
        let online = model.read(&state, words: words)
        let final = model.finalLabels(state)
        #expect(online.count == 16 && final.count == 16)
        #expect(state.memory.count == 3)
        // Chunk 0 saw no memory online, and the final memory in pass 2: its logits differ.
        let first = model.encode(words: words[0..<4].map(\.text), memory: [])
        let second = model.encode(words: words[0..<4].map(\.text), memory: state.memory.excluding(chunk: 0))
        #expect(first.logits.values != second.logits.values)
    }
}
