// The answer of POST /v1/sessions/{id}/chunks written with JSONWriter: the same bytes as
// JSONEncoder gives for `ChunkResponse` (a test holds them equal), from the append's
// outcome directly, without one output struct per word. An append's answer repeats its
// chunk's words, so at a few hundred words the encoder cost as much as the model did.
import MemoryTransformer
import NIOCore

/// JSON of an append's answer.
enum ChunkResponseJSON {
    /// `{"chunks_read":…,"memory":{…},"offset_unit":"unicode_scalar","online_labels":[…]?,
    /// "replayed":…,"seq":…,"words":[…],"words_total":…}`; `online_labels` only `withLabels`.
    static func write(_ outcome: AppendOutcome, memoryCapacity: Int, withLabels: Bool, labels: [String]) -> ByteBuffer {
        let receipt = outcome.receipt
        var writer = JSONWriter(capacity: 160 + outcome.words.count * 64 + (withLabels ? outcome.onlineLabels.count * 96 : 0))
        writer.raw(#"{"chunks_read":"#)
        writer.int(receipt.chunksRead)
        writer.raw(#","memory":{"capacity":"#)
        writer.int(memoryCapacity)
        writer.raw(#","size":"#)
        writer.int(receipt.memorySize)
        writer.raw(#"},"offset_unit":"unicode_scalar""#)
        if withLabels {
            writer.raw(#","online_labels":["#)
            for (offset, labelled) in outcome.onlineLabels.enumerated() {
                LabelledDocumentJSON.write(labelled, index: receipt.firstLabel + offset, first: offset == 0, labels: labels,
                                           into: &writer)
            }
            writer.raw("]")
        }
        writer.raw(outcome.replayed ? #","replayed":true,"seq":"# : #","replayed":false,"seq":"#)
        writer.int(outcome.seq)
        writer.raw(#","words":["#)
        for (offset, word) in outcome.words.enumerated() {
            writer.raw(offset == 0 ? #"{"end":"# : #",{"end":"#)
            writer.int(word.end)
            writer.raw(#","index":"#)
            writer.int(receipt.firstWord + offset)
            writer.raw(#","start":"#)
            writer.int(word.start)
            writer.raw(#","word":"#)
            writer.string(word.text)
            writer.raw("}")
        }
        writer.raw(#"],"words_total":"#)
        writer.int(outcome.wordsTotal)
        writer.raw("}")
        return writer.buffer
    }
}
