// ConllReader / ConllWriter: document splitting, IOB1 → BIO2, typed errors with line
// numbers, and a round trip through the writer.
import Foundation
import Testing
@testable import MemoryTransformer

@Suite struct ConllReaderTests {
    static let sample = """
    -DOCSTART- -X- -X- O

    EU NNP I-NP I-ORG
    rejects VBZ I-VP O
    German JJ I-NP I-MISC
    call NN I-NP O
    . . O O

    Peter NNP I-NP I-PER
    Blackburn NNP I-NP I-PER
    Smith NNP I-NP B-PER

    -DOCSTART- -X- -X- O

    Paris NNP I-NP I-LOC
    """

    @Test func splitsDocumentsAndConcatenatesSentences() throws {
        let docs = try ConllReader().read(text: Self.sample)
        #expect(docs.count == 2)
        #expect(docs[0].words == ["EU", "rejects", "German", "call", ".", "Peter", "Blackburn", "Smith"])
        #expect(docs[1].words == ["Paris"])
        #expect(docs[0].id == "conll-0" && docs[1].id == "conll-1")
        #expect(docs[0].needsMemory == Array(repeating: false, count: 8))
    }

    @Test func convertsIOB1ToBIO2() throws {
        let docs = try ConllReader().read(text: Self.sample)
        #expect(docs[0].labels == ["B-ORG", "O", "B-MISC", "O", "O", "B-PER", "I-PER", "B-PER"])
        #expect(docs[1].labels == ["B-LOC"])
    }

    @Test func leavesBIO2Unchanged() {
        let bio2 = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"]
        #expect(BIOTags.iob1ToBIO2(bio2) == bio2)
        #expect(BIOTags.iob1ToBIO2(["I-PER", "I-LOC", "I-LOC"]) == ["B-PER", "B-LOC", "I-LOC"])
    }

    @Test func sentenceBoundaryRestartsIOB1Chunk() throws {
        let text = "a x y I-PER\n\nb x y I-PER\n"
        let docs = try ConllReader().read(text: text)
        #expect(docs[0].labels == ["B-PER", "B-PER"])
    }

    @Test func malformedLineReportsLineNumber() {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP I-ORG\n"
        #expect(throws: DataError.malformedLine(line: 3, columns: 3, expected: 4, text: "EU NNP I-ORG")) {
            try ConllReader().read(text: text)
        }
    }

    @Test func invalidTagReportsLineNumber() {
        let text = "EU NNP I-NP ORG\n"
        #expect(throws: DataError.invalidTag(line: 1, tag: "ORG")) { try ConllReader().read(text: text) }
    }

    @Test func goldTextRoundTrips() throws {
        let docs = try ConllReader().read(text: Self.sample)
        let again = try ConllReader().read(text: try ConllWriter.goldText(documents: docs))
        #expect(again == docs)
    }

    @Test func conllevalTextHasGoldAndPrediction() throws {
        let doc = LabeledDocument(id: "d", words: ["Paris", "is"], labels: ["B-LOC", "O"])
        let text = try ConllWriter.conllevalText(documents: [doc], predictions: [["B-PER", "O"]])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines == ["-DOCSTART- O O", "Paris B-LOC B-PER", "is O O"])
        #expect(throws: DataError.self) {
            try ConllWriter.conllevalText(documents: [doc], predictions: [["O"]])
        }
    }
}
