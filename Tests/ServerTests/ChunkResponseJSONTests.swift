// The append route's hand-written JSON against JSONEncoder on the documented
// `ChunkResponse`, byte for byte: random chunks (the label tests' awkward words and
// scores), with and without online labels, fresh and replayed.
import Foundation
import MemoryTransformer
@testable import Server
import Testing

@Suite struct ChunkResponseJSONTests {
    @Test func writesWhatJSONEncoderWrites() throws {
        var generator = SystemRandomNumberGenerator()
        let labels = LabelledDocumentJSONTests.labels
        for round in 0..<200 {
            let (_, labelled) = LabelledDocumentJSONTests.document(count: Int.random(in: 1...40), using: &generator)
            let words = labelled.map(\.word)
            let firstWord = Int.random(in: 0...500, using: &generator)
            let labelCount = Int.random(in: 0...words.count, using: &generator)
            let receipt = ChunkReceipt(contentHash: 1, firstWord: firstWord, wordCount: words.count,
                                       firstLabel: firstWord, labelCount: labelCount,
                                       memorySize: Int.random(in: 0...32, using: &generator), chunksRead: round)
            let outcome = AppendOutcome(seq: round, replayed: round % 3 == 0, receipt: receipt, words: words[...],
                                        onlineLabels: labelled[..<labelCount], wordsTotal: firstWord + words.count)
            let withLabels = round % 2 == 0
            let written = ChunkResponseJSON.write(outcome, memoryCapacity: 32, withLabels: withLabels, labels: labels)
            let reference = ChunkResponse(
                seq: outcome.seq, replayed: outcome.replayed,
                words: words.enumerated().map { SessionWord(index: firstWord + $0, word: $1.text, start: $1.start, end: $1.end) },
                wordsTotal: outcome.wordsTotal, chunksRead: receipt.chunksRead,
                memory: MemoryFill(size: receipt.memorySize, capacity: 32),
                onlineLabels: withLabels
                    ? labelled[..<labelCount].enumerated().map { WordOutput($1, index: firstWord + $0, labels: labels) } : nil)
            let expected = try JSONResponse.encoder().encode(reference)
            #expect(Array(written.readableBytesView) == Array(expected),
                    "\(String(buffer: written))\n\(String(decoding: expected, as: UTF8.self))")
        }
    }
}
