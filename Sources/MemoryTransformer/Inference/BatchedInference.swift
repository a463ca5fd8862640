// The batched implementation of the two passes (InferencePath.batched): pass 1 one window
// at a time through a ChunkBatchEncoder, with the memory bank carried from chunk to chunk
// (only new entries projected) and only the candidates that can enter the memory turned
// into entries; pass 2 with the final memory's keys and values projected once (MemoryBank)
// and `passTwoBatch` chunks stacked per GEMM. Equal to the naive path up to float rounding,
// and bit-for-bit equal to itself however a document is split into requests or pages.
import Foundation
import Kernels

/// Pass 1's working set for one document: the encoder (workspace, relative-bias table,
/// embedding cache) and the last memory bank (from it only new entries are projected).
/// One `read` makes its own; a server keeps one per live session between appends
/// (`read(_:words:path:reader:)`), so an append pays for none of it again. The bank is
/// keyed by word position, so a reader stays valid for its document however the state was
/// rebuilt; the labels are the same bits with or without it. One owner at a time.
public final class DocumentReader {
    let encoder: ChunkBatchEncoder
    var bank: MemoryBank?

    /// A reader for documents of `model`, keeping input embeddings of up to
    /// `embeddingCacheWords` distinct words.
    public init(model: MemoryTransformerModel, embeddingCacheWords: Int = 8_192) {
        encoder = ChunkBatchEncoder(parameters: model.parameters, featurizer: model.featurizer, keepsStates: true,
                                    embeddingCacheWords: embeddingCacheWords)
    }

    /// Bytes it holds (encoder and bank), for a cache's memory budget.
    public var residentBytes: Int {
        encoder.residentBytes + (bank.map { ($0.keys.count + $0.values.count + $0.scores.count) * MemoryLayout<Float>.size } ?? 0)
    }
}

extension MemoryTransformerModel {
    /// Pass 1 of one chunk, read through its `window` of `state.words`: online labels, and
    /// the chunk's words merged into the memory.
    func readChunkBatched(_ state: inout DocumentState, window: ChunkWindow, reader: DocumentReader) -> [LabeledWord] {
        let T = window.words.count, d = config.dModel, L = config.layers
        let words = state.words[window.words]
        let bank = MemoryBank(entries: state.memory.entries, parameters: parameters, reusing: reader.bank)
        reader.bank = bank
        let encoder = reader.encoder
        encoder.encode(words: words, positions: ChunkInput.positions(count: T, chunkSize: config.positionCount),
                       chunks: [BatchedChunk(start: 0, count: T, memory: bank.readable(in: window))], bank: bank)
        let labels = Array(labelDecoder.decode(logits: encoder.logits.pointer, words: words)[window.rows])
        let candidates = Self.survivors(of: state.memory, scores: encoder.wordScores, rows: window.rows).map { t in
            var states = [Float](repeating: 0, count: L * d)
            for l in 0..<L { for i in 0..<d { states[l * d + i] = encoder.states[l][t * d + i] } }
            let word = words[window.words.lowerBound + t]
            return MemoryEntry(
                score: encoder.wordScores[t], position: window.words.lowerBound + t, chunk: window.index, word: word.text,
                start: word.start, end: word.end, states: states,
                scoreInput: Array(UnsafeBufferPointer(start: encoder.lnf.pointer + t * d, count: d)))
        }
        state.memory.merge(candidates, recurrenceBonus: config.recurrenceBonus)
        return labels
    }

    /// The chunk's rows (`rows`, scored by `scores`) that can survive `memory ∪ words →
    /// top capacity`: for topScore at most `capacity` of them, and, once the memory is full,
    /// only those scoring above its worst entry (which wins ties: it sits earlier). Every
    /// row for the other policies but `empty` (with `topScorePerWord`, a low-scoring word
    /// may still raise the rank of its word's entry).
    static func survivors(of memory: Memory, scores: Tensor, rows: Range<Int>) -> [Int] {
        switch memory.policy {
        case .empty:
            return []
        case .mostRecent, .strided, .topScorePerWord:
            return Array(rows)
        case .topScore:
            var kept = Array(rows)
            if memory.count == memory.capacity, let worst = memory.entries.last?.score {
                kept = kept.filter { scores[$0] > worst }
            }
            guard memory.capacity < kept.count else { return kept }
            return Array(kept.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }.prefix(memory.capacity))
        }
    }

    /// Pass 2 over `chunks` of a finished state, batched: each chunk's window stacked, one
    /// after the other (their context words repeated).
    func finalLabelsBatched(_ done: DocumentState, chunks: Range<Int>) -> [LabeledWord] {
        let bank = MemoryBank(entries: done.memory.entries, parameters: parameters)
        let encoder = ChunkBatchEncoder(parameters: parameters, featurizer: featurizer, keepsStates: false)
        var labels: [LabeledWord] = []
        labels.reserveCapacity(chunks.count * config.chunkSize)
        var group = chunks.lowerBound
        while group < chunks.upperBound {
            let groupEnd = min(group + Self.passTwoBatch, chunks.upperBound)
            let windows = (group..<groupEnd).map { window(ofChunk: $0, documentLength: done.words.count) }
            var words: [Word] = [], batch: [BatchedChunk] = [], positions: [Int32] = []
            for window in windows {
                batch.append(BatchedChunk(start: words.count, count: window.words.count, memory: bank.readable(in: window)))
                words += done.words[window.words]
                positions += ChunkInput.positions(count: window.words.count, chunkSize: config.positionCount)
            }
            encoder.encode(words: words[...], positions: positions, chunks: batch, bank: bank)
            for (window, chunk) in zip(windows, batch) {  // each window decoded on its own (LabelDecoder)
                let decoded = labelDecoder.decode(logits: encoder.logits.pointer + chunk.start * config.labels.count,
                                                  words: words.dropFirst(chunk.start).prefix(chunk.count))
                labels += decoded[window.rows]
            }
            group = groupEnd
        }
        return labels
    }
}
