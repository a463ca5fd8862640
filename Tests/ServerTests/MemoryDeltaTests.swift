// A chunk row's memory delta: applied to the memory before the chunk it gives the memory
// after it, exactly (every entry's floats bit for bit), for every chunk of a long document
// read by the shipped model; once the memory is full a delta is a small part of the whole
// memory's bytes; a damaged delta is a typed error.
import Foundation
import MemoryTransformer
@testable import Server
import Testing

@Suite struct MemoryDeltaTests {
    @Test func applyingEachChunksDeltaGivesTheMemoryAfterIt() throws {
        let model = Harness.model.0
        var state = model.newDocument()
        var rebuilt = state.memory
        var deltaBytes = 0, fullBytes = 0
        for piece in LongDocument.pieces(of: LongDocument.text(words: 1_500), about: 64) {
            let before = state.memory
            model.read(&state, words: Tokenizer().tokenize(piece, baseOffset: 0))
            let delta = MemoryDelta.encode(from: before, to: state.memory)
            rebuilt = try MemoryDelta.apply(delta, to: rebuilt)
            #expect(rebuilt == state.memory)
            if before.count == before.capacity {
                deltaBytes += delta.count
                fullBytes += state.memory.encoded().count
            }
        }
        #expect(fullBytes > 0 && deltaBytes * 4 < fullBytes, "deltas \(deltaBytes) B against whole memories \(fullBytes) B")
    }

    @Test func aDamagedDeltaIsATypedError() throws {
        let model = Harness.model.0
        var state = model.newDocument()
        model.read(&state, words: Tokenizer().tokenize(LongDocument.text(words: 200), baseOffset: 0))
        let empty = model.newDocument().memory
        let delta = MemoryDelta.encode(from: empty, to: state.memory)
        #expect(throws: BinaryCodingError.self) { _ = try MemoryDelta.apply(delta.dropLast(3), to: empty) }
        // Entries kept from a memory the delta was not made against.
        let next = MemoryDelta.encode(from: state.memory, to: state.memory)
        #expect(throws: BinaryCodingError.self) { _ = try MemoryDelta.apply(next, to: empty) }
    }
}
