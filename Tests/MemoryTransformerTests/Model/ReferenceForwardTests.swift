// The whole chunk forward against the independent NumPy reference in
// reference/memtx_reference.py (written from docs/MODEL.md): same checkpoint, same
// features and memory, logits and importance scores within 1e-4, the same decoded labels
// (BIO Viterbi), also from a checkpoint whose word table is stored in half precision, with
// the same-word bias (words repeated in the chunk and kept in memory, in other cases), and
// for a window with context words (positions 0..<C + 2K).
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

private let numpyAvailable: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import numpy"]
    process.standardError = FileHandle.nullDevice
    do { try process.run(); process.waitUntilExit() } catch { return false }
    return process.terminationStatus == 0
}()

@Suite(.enabled(if: numpyAvailable, "python3 with numpy is needed for the reference"))
struct ReferenceForwardTests {
    struct Input: Encodable {
        let wordIDs, ngramOffsets, ngramBuckets, shapeIDs, positions: [Int32]
        let memoryStates, memoryScoreInputs: [[Float]]
        let words, memoryWords: [String]
    }

    struct Output: Decodable { let logits: [Double]; let wordScores: [Double]; let labels: [Int] }

    static var referenceScript: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("reference/memtx_reference.py")
    }

    @Test(arguments: [(MemoryVariant.learned, false, false, false, 0), (.none, false, false, false, 0), (.learned, true, false, false, 0),
                      (.learned, false, true, false, 0), (.learned, false, false, true, 0), (.learned, false, false, false, 2)])
    func chunkForwardMatchesReference(variant: MemoryVariant, halfPrecisionWordTable: Bool, sameWordBias: Bool, crf: Bool,
                                      contextWords: Int) throws {
        var model = TestModels.model(variant: variant, chunkSize: 6, memorySize: 3, sameWordBias: sameWordBias, crf: crf,
                                     contextWords: contextWords)
        if let transitions = model.parameters.labelTransitions {  // strong enough to overrule the logits
            var generator = SeededGenerator(seed: 31)
            generator.fillNormal(transitions, std: 4)
        }
        if halfPrecisionWordTable {
            var config = model.config
            config.halfPrecisionWordTable = true
            model.parameters.wordEmbedding.roundToHalfPrecision()  // what the F16 checkpoint will hold
            model = MemoryTransformerModel(config: config, parameters: model.parameters, vocabulary: model.featurizer.vocabulary)
        }
        #expect(model.config.decoding == .bioViterbi)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memtx-ref-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try model.save(to: directory.appendingPathComponent("checkpoint"))
        let stored = try Data(contentsOf: directory.appendingPathComponent("checkpoint/model.safetensors"))
        #expect(String(decoding: stored.prefix(4_096), as: UTF8.self).contains(#""embed.word":{"data_offsets":"#))
        #expect(String(decoding: stored.prefix(4_096), as: UTF8.self).contains(#""dtype":"F16""#) == halfPrecisionWordTable)
        // Memory from a first chunk, then the chunk under test.
        let first = Word.placeholders(TestModels.words(6, seed: 4))
        var memory = model.emptyMemory()
        memory.merge(model.memoryCandidates(from: model.encode(words: first.map(\.text), memory: []),
                                            window: model.window(ofChunk: 0, documentLength: first.count), words: first))
        // With the bias: a word kept in memory (other case), a repeat in the chunk, a digit form.
        let words = sameWordBias ? [memory.entries[0].word.uppercased(), "river", "1996", "RIVER", "2001", "."]
                                 : TestModels.words(6 + 2 * contextWords, seed: 5)   // a whole window with context
        let pass = model.encode(words: words, memory: memory.entries)
        let features = model.featurizer.features(for: words)
        let input = Input(wordIDs: features.wordIDs, ngramOffsets: features.ngramOffsets,
                          ngramBuckets: features.ngramBuckets, shapeIDs: features.shapeIDs,
                          positions: ChunkInput.positions(count: words.count, chunkSize: model.config.positionCount),
                          memoryStates: memory.entries.map(\.states), memoryScoreInputs: memory.entries.map(\.scoreInput),
                          words: words, memoryWords: memory.entries.map(\.word))
        if sameWordBias { #expect(pass.sameWord.count >= 5) }
        let inputURL = directory.appendingPathComponent("input.json"), outputURL = directory.appendingPathComponent("output.json")
        try JSONEncoder().encode(input).write(to: inputURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.referenceScript.path, directory.appendingPathComponent("checkpoint").path,
                             inputURL.path, outputURL.path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let output = try JSONDecoder().decode(Output.self, from: Data(contentsOf: outputURL))
        let logitError = zip(pass.logits.values, output.logits).map { abs(Double($0) - $1) }.max() ?? 1
        #expect(output.logits.count == pass.logits.count)
        #expect(logitError < 1e-4, "max |swift − reference| logit = \(logitError)")
        let labels = model.labelDecoder.decode(Word.placeholders(words), pass: pass).map(\.labelID)
        #expect(labels == output.labels)
        if crf {
            let withoutTransitions = LabelDecoder(labels: model.config.labels, decoding: .bioViterbi)
            #expect(withoutTransitions.decode(Word.placeholders(words), pass: pass).map(\.labelID) != labels,
                    "the transitions change this chunk's labels, so the reference had to add them")
        }
        if variant == .learned {
            let scoreError = zip(pass.wordScores.values, output.wordScores).map { abs(Double($0) - $1) }.max() ?? 1
            #expect(scoreError < 1e-4, "max |swift − reference| score = \(scoreError)")
        }
    }
}
