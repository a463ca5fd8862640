// The answer of POST /v1/label (format json) written with JSONWriter: the same bytes as
// JSONEncoder gives for `DocumentOutput` / `BatchOutput` (a test holds them equal), from
// the labelled words directly, without building one output struct per word.
import MemoryTransformer
import NIOCore

/// JSON of labelled documents.
enum LabelledDocumentJSON {
    /// `{"entities": […], "offset_unit": "unicode_scalar", "words": […]}` for one document,
    /// or `{"documents": [those]}` for a batch.
    static func write(_ documents: [(text: String, labelled: [LabeledWord])], labels: [String], batch: Bool) -> ByteBuffer {
        let words = documents.reduce(0) { $0 + $1.labelled.count }
        var writer = JSONWriter(capacity: 64 + words * 96)
        if batch { writer.raw(#"{"documents":["#) }
        for (index, document) in documents.enumerated() {
            if index > 0 { writer.raw(",") }
            write(document.text, document.labelled, labels: labels, into: &writer)
        }
        if batch { writer.raw("]}") }
        return writer.buffer
    }

    private static func write(_ text: String, _ labelled: [LabeledWord], labels: [String], into writer: inout JSONWriter) {
        writer.raw(#"{"entities":["#)
        for (index, entity) in LabeledEntity.extract(from: labelled, labels: labels, text: text).enumerated() {
            writer.raw(index == 0 ? #"{"end":"# : #",{"end":"#)
            writer.int(entity.end)
            writer.raw(#","label":"#)
            writer.string(entity.label)
            writer.raw(#","score":"#)
            writer.float(entity.score)
            writer.raw(#","start":"#)
            writer.int(entity.start)
            writer.raw(#","text":"#)
            writer.string(entity.text)
            writer.raw("}")
        }
        writer.raw(#"],"offset_unit":"unicode_scalar","words":["#)
        for (index, word) in labelled.enumerated() {
            write(word, index: nil, first: index == 0, labels: labels, into: &writer)
        }
        writer.raw("]}")
    }

    /// One `WordOutput`: `{"end":…,"index":…,"label":…,"score":…,"start":…,"word":…}`
    /// (`index` only when given), after a comma unless it is the `first` of its array.
    static func write(_ word: LabeledWord, index: Int?, first: Bool, labels: [String], into writer: inout JSONWriter) {
        writer.raw(first ? #"{"end":"# : #",{"end":"#)
        writer.int(word.word.end)
        if let index {
            writer.raw(#","index":"#)
            writer.int(index)
        }
        writer.raw(#","label":"#)
        writer.string(labels[word.labelID])
        writer.raw(#","score":"#)
        writer.float(word.probability)
        writer.raw(#","start":"#)
        writer.int(word.word.start)
        writer.raw(#","word":"#)
        writer.string(word.word.text)
        writer.raw("}")
    }
}
