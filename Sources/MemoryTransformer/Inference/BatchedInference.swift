// The batched implementation of the two passes (InferencePath.batched): pass 1 one chunk
// at a time through a ChunkBatchEncoder, keeping only the candidates that can enter the
// memory; pass 2 with the final memory's keys and values projected once (MemoryBank) and
// `passTwoBatch` chunks stacked per GEMM. Equal to the naive path up to float rounding.
import Foundation
import Kernels

extension MemoryTransformerModel {
    /// Pass 1 of one chunk: online labels, and the chunk's words merged into the memory.
    func readChunkBatched(_ state: inout DocumentState, words: [Word], first: Int, encoder: ChunkBatchEncoder) -> [LabeledWord] {
        let T = words.count, d = config.dModel, L = config.layers
        let bank = MemoryBank(entries: state.memory.entries, parameters: parameters)
        encoder.encode(features: featurizer.features(for: words.map(\.text)),
                       positions: ChunkInput.positions(count: T, chunkSize: config.chunkSize),
                       chunks: [BatchedChunk(start: 0, count: T, memory: Array(0..<bank.count))], bank: bank)
        let labels = Self.predictions(logits: encoder.logits.pointer, K: config.labels.count, words: words[...])
        // Only the best `capacity` candidates can survive memory ∪ candidates → top capacity.
        var kept = Array(0..<T)
        if state.memory.policy == .topScore && state.memory.capacity < T {
            let scores = encoder.wordScores
            kept = Array(kept.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
                .prefix(state.memory.capacity))
        } else if state.memory.policy == .empty {
            kept = []
        }
        let candidates = kept.map { t in
            var states = [Float](repeating: 0, count: L * d)
            for l in 0..<L { for i in 0..<d { states[l * d + i] = encoder.states[l][t * d + i] } }
            return MemoryEntry(
                score: encoder.wordScores[t], position: first + t, chunk: state.chunksRead, word: words[t].text,
                start: words[t].start, end: words[t].end, states: states,
                scoreInput: Array(UnsafeBufferPointer(start: encoder.lnf.pointer + t * d, count: d)))
        }
        state.memory.merge(candidates)
        return labels
    }

    /// Pass 2 over `chunks` of a finished state, batched.
    func finalLabelsBatched(_ done: DocumentState, chunks: Range<Int>) -> [LabeledWord] {
        let C = config.chunkSize
        let bank = MemoryBank(entries: done.memory.entries, parameters: parameters)
        let encoder = ChunkBatchEncoder(parameters: parameters, keepsStates: false)
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
            encoder.encode(features: featurizer.features(for: words.map(\.text)), positions: positions, chunks: batch, bank: bank)
            labels += Self.predictions(logits: encoder.logits.pointer, K: config.labels.count, words: words)
            group = groupEnd
        }
        return labels
    }

    /// Argmax label and its softmax probability for each row of logits (rows, K).
    static func predictions(logits: UnsafePointer<Float>, K: Int, words: ArraySlice<Word>) -> [LabeledWord] {
        words.enumerated().map { t, word in
            let row = logits + t * K
            var best = 0
            for j in 1..<K where row[j] > row[best] { best = j }
            var sum: Float = 0
            for j in 0..<K { sum += expf(row[j] - row[best]) }
            return LabeledWord(word: word, labelID: best, probability: 1 / sum)
        }
    }
}
