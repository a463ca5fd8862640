// The batched implementation of the two passes (InferencePath.batched): pass 1 one chunk
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
    /// Pass 1 of one chunk: online labels, and the chunk's words merged into the memory.
    func readChunkBatched(_ state: inout DocumentState, words: [Word], first: Int, reader: DocumentReader) -> [LabeledWord] {
        let T = words.count, d = config.dModel, L = config.layers
        let bank = MemoryBank(entries: state.memory.entries, parameters: parameters, reusing: reader.bank)
        reader.bank = bank
        let encoder = reader.encoder
        encoder.encode(words: words[...], positions: ChunkInput.positions(count: T, chunkSize: config.chunkSize),
                       chunks: [BatchedChunk(start: 0, count: T, memory: Array(0..<bank.count))], bank: bank)
        let labels = labelDecoder.decode(logits: encoder.logits.pointer, words: words[...])
        let candidates = Self.survivors(of: state.memory, scores: encoder.wordScores, count: T).map { t in
            var states = [Float](repeating: 0, count: L * d)
            for l in 0..<L { for i in 0..<d { states[l * d + i] = encoder.states[l][t * d + i] } }
            return MemoryEntry(
                score: encoder.wordScores[t], position: first + t, chunk: state.chunksRead, word: words[t].text,
                start: words[t].start, end: words[t].end, states: states,
                scoreInput: Array(UnsafeBufferPointer(start: encoder.lnf.pointer + t * d, count: d)))
        }
        state.memory.merge(candidates, recurrenceBonus: config.recurrenceBonus)
        return labels
    }

    /// The chunk words (0..<count, scored by `scores`) that can survive `memory ∪ words →
    /// top capacity`: for topScore at most `capacity` of them, and, once the memory is full,
    /// only those scoring above its worst entry (which wins ties: it sits earlier). Every
    /// word for the other policies but `empty` (with `topScorePerWord`, a low-scoring word
    /// may still raise the rank of its word's entry).
    static func survivors(of memory: Memory, scores: Tensor, count: Int) -> [Int] {
        switch memory.policy {
        case .empty:
            return []
        case .mostRecent, .strided, .topScorePerWord:
            return Array(0..<count)
        case .topScore:
            var kept = Array(0..<count)
            if memory.count == memory.capacity, let worst = memory.entries.last?.score {
                kept = kept.filter { scores[$0] > worst }
            }
            guard memory.capacity < kept.count else { return kept }
            return Array(kept.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }.prefix(memory.capacity))
        }
    }

    /// Pass 2 over `chunks` of a finished state, batched.
    func finalLabelsBatched(_ done: DocumentState, chunks: Range<Int>) -> [LabeledWord] {
        let C = config.chunkSize
        let bank = MemoryBank(entries: done.memory.entries, parameters: parameters)
        let encoder = ChunkBatchEncoder(parameters: parameters, featurizer: featurizer, keepsStates: false)
        var labels: [LabeledWord] = []
        labels.reserveCapacity(chunks.count * C)
        var group = chunks.lowerBound
        while group < chunks.upperBound {
            let groupEnd = min(group + Self.passTwoBatch, chunks.upperBound)
            let firstWord = group * C, endWord = min(groupEnd * C, done.words.count)
            let words = done.words[firstWord..<endWord]
            var batch: [BatchedChunk] = [], positions: [Int32] = []
            positions.reserveCapacity(words.count)
            for chunk in group..<groupEnd {
                let T = min(C, done.words.count - chunk * C)
                batch.append(BatchedChunk(start: chunk * C - firstWord, count: T, memory: bank.visible(toChunk: chunk)))
                positions += ChunkInput.positions(count: T, chunkSize: C)
            }
            encoder.encode(words: words, positions: positions, chunks: batch, bank: bank)
            for chunk in batch {  // each chunk decoded on its own (LabelDecoder)
                labels += labelDecoder.decode(logits: encoder.logits.pointer + chunk.start * config.labels.count,
                                              words: words.dropFirst(chunk.start).prefix(chunk.count))
            }
            group = groupEnd
        }
        return labels
    }
}
