// The label route's hand-written JSON against JSONEncoder, byte for byte: random labelled
// documents (words with quotes, backslashes, control characters, non-ASCII, emoji; scores
// across magnitudes), single and batched, must give exactly what the API's encoder gives
// for the documented shape.
import Foundation
import MemoryTransformer
import NIOCore
@testable import Server
import Testing

@Suite struct LabelledDocumentJSONTests {
    /// The documented shape of one labelled document, encoded the slow, obvious way.
    struct Reference: Encodable {
        let offsetUnit = "unicode_scalar"
        let words: [WordOutput]
        let entities: [EntityOutput]

        init(_ text: String, _ labelled: [LabeledWord], labels: [String]) {
            words = labelled.map { WordOutput($0, labels: labels) }
            entities = LabeledEntity.extract(from: labelled, labels: labels, text: text).map(EntityOutput.init)
        }
    }

    static let labels = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
    static let pieces = ["Berlin", "a\"b", "back\\slash", "tab\there", "nl\nx", "\u{1}\u{1f}", "é", "Straße", "中国",
                         "🙂", "a/b", "\u{7f}", "\u{2028}", "O'Neil", "x"]

    /// A random document of `count` words with its text (words joined by spaces).
    static func document(count: Int, using generator: inout some RandomNumberGenerator) -> (String, [LabeledWord]) {
        var text = "", labelled: [LabeledWord] = []
        var offset = 0
        for index in 0..<count {
            let piece = pieces.randomElement(using: &generator)!
            if index > 0 { text += " "; offset += 1 }
            let length = piece.unicodeScalars.count
            let probability: Float = [1, 0.5, 1e-7, 0.999_872, Float.random(in: 0...1, using: &generator)].randomElement(using: &generator)!
            labelled.append(LabeledWord(word: Word(text: piece, start: offset, end: offset + length),
                                        labelID: Int.random(in: 0..<labels.count, using: &generator),
                                        probability: probability))
            text += piece
            offset += length
        }
        return (text, labelled)
    }

    @Test func writesWhatJSONEncoderWrites() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let (text, labelled) = Self.document(count: Int.random(in: 0...40), using: &generator)
            let written = LabelledDocumentJSON.write([(text, labelled)], labels: Self.labels, batch: false)
            let expected = try JSONResponse.encoder().encode(Reference(text, labelled, labels: Self.labels))
            #expect(Array(written.readableBytesView) == Array(expected),
                    "\(String(buffer: written))\n\(String(decoding: expected, as: UTF8.self))")
        }
    }

    @Test func writesABatchAsJSONEncoderDoes() throws {
        var generator = SystemRandomNumberGenerator()
        let documents = (0..<5).map { _ in Self.document(count: Int.random(in: 1...20), using: &generator) }
        let written = LabelledDocumentJSON.write(documents.map { ($0.0, $0.1) }, labels: Self.labels, batch: true)
        let expected = try JSONResponse.encoder().encode(BatchOutput(documents: documents.map { Reference($0.0, $0.1, labels: Self.labels) }))
        #expect(Array(written.readableBytesView) == Array(expected))
    }
}
