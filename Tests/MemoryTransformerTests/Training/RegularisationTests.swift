// Training-only regularisers and initialisers: word dropout hides a word's identity (id
// and whole-word n-gram) and nothing else; pretrained vectors fill the vocabulary rows;
// frozen word-embedding columns do not move; old training.json files still decode.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct RegularisationTests {
    static let featurizer = Featurizer(vocabulary: Vocabulary(words: ["peter", "visited", "paris"]),
                                       ngramBuckets: 97, ngramMin: 2, ngramMax: 3)

    @Test func wordDropoutAtRateOneHidesIdentityOnly() {
        let features = Self.featurizer.features(for: ["Peter", "visited", "Paris"])
        var generator = SeededGenerator(seed: 7)
        let dropped = WordDropout(rate: 1).apply(to: features, generator: &generator)
        #expect(dropped.wordIDs == [Vocabulary.unknownID, Vocabulary.unknownID, Vocabulary.unknownID])
        #expect(dropped.shapeIDs == features.shapeIDs)
        for t in 0..<3 { #expect(Array(dropped.ngrams(ofWord: t)) == Array(features.ngrams(ofWord: t).dropFirst())) }
    }

    @Test func wordDropoutAtRateZeroIsTheIdentity() {
        let features = Self.featurizer.features(for: ["Peter", "visited", "Paris"])
        var generator = SeededGenerator(seed: 7)
        #expect(WordDropout(rate: 0).apply(to: features, generator: &generator) == features)
    }

    @Test func wordDropoutRateIsRoughlyP() {
        let words = Array(repeating: "peter", count: 4000)
        var generator = SeededGenerator(seed: 3)
        let dropped = WordDropout(rate: 0.25).apply(to: Self.featurizer.features(for: words), generator: &generator)
        let rate = Double(dropped.wordIDs.filter { $0 == Vocabulary.unknownID }.count) / 4000
        #expect(abs(rate - 0.25) < 0.03, "\(rate)")
    }

    static func vectorFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("memtx-vectors-\(UUID().uuidString).txt").path
        try "the 1 2\nParis 3 -1\n1996 0.5 0.5\nberlin -2 4\nparis 9 9\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func wordVectorsNormaliseAndKeepTheFirstSpelling() throws {
        let path = try Self.vectorFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let vectors = try WordVectors(contentsOf: path)
        #expect(vectors.dimension == 2 && vectors.words == ["the", "paris", "0000", "berlin"])
        #expect(vectors.vector(for: "paris").map(Array.init) == [3, -1])
        #expect(vectors.vector(for: "rome") == nil)
    }

    @Test func malformedVectorFileIsATypedError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("memtx-bad-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "a 1 2\nb 3\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: DataError.malformedVectors(path: path, line: 2, reason: "1 values, expected 2")) {
            _ = try WordVectors(contentsOf: path)
        }
    }

    @Test func pretrainedRowsAreScaledAndMissingRowsZeroed() throws {
        let path = try Self.vectorFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let vectors = try WordVectors(contentsOf: path)
        let vocabulary = PretrainedEmbedding.extend(Vocabulary(words: ["paris", "xyzzy"]), with: vectors, extra: 2)
        #expect(vocabulary.words == ["<pad>", "<unk>", "paris", "xyzzy", "the", "0000"])
        let table = Tensor(shape: [vocabulary.count, 3])
        for i in 0..<table.count { table[i] = 0.5 }
        let found = PretrainedEmbedding.initialise(table, vocabulary: vocabulary, vectors: vectors, std: 1)
        let scale = 1 / vectors.standardDeviation
        #expect(found == 3)
        #expect(abs(table[2 * 3] - 3 * scale) < 1e-5 && abs(table[2 * 3 + 1] + scale) < 1e-5 && table[2 * 3 + 2] == 0.5)
        #expect(table[3 * 3] == 0 && table[3 * 3 + 1] == 0 && table[3 * 3 + 2] == 0.5)  // xyzzy: no vector
        #expect(table[1 * 3] == 0 && table[1 * 3 + 2] == 0.5)                          // <unk>
    }

    @Test func frozenColumnsDoNotMove() {
        var config = TrainingConfig()
        config.steps = 3
        config.warmupSteps = 1
        config.frozenWordColumns = 2
        config.wordDropout = 0.2
        let trainer = Trainer(model: TestModels.model(variant: .learned, chunkSize: 4, memorySize: 3), config: config)
        let table = trainer.model.parameters.wordEmbedding, d = table.shape[1]
        let before = table.values
        let documents = ResumeTests.documents()
        for step in 0..<3 { _ = trainer.step(documents: [documents[step]]) }
        var frozenMoved = false, freeMoved = false
        for row in 0..<table.shape[0] {
            for c in 0..<d where table[row * d + c] != before[row * d + c] {
                if c < 2 { frozenMoved = true } else { freeMoved = true }
            }
        }
        #expect(!frozenMoved && freeMoved)
    }

    @Test func trainingConfigWithoutNewKeysDecodes() throws {
        let json = #"{"seed": 5, "steps": 10, "documentsPerStep": 1, "learningRate": 0.001, "warmupSteps": 2,"#
            + #" "finalLearningRateFraction": 0.1, "gradientClip": 1,"#
            + #" "adamW": {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weightDecay": 0.01}}"#
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(json.utf8))
        #expect(config.seed == 5 && config.steps == 10 && config.wordDropout == 0 && config.frozenWordColumns == 0)
    }

    @Test func concatenationKeepsOrderAndLabels() {
        let documents = (0..<5).map { i in
            LabeledDocument(id: "d\(i)", words: Array(repeating: "w\(i)", count: 3), labels: Array(repeating: "O", count: 3))
        }
        let joined = LabeledDocument.concatenated(documents, words: 7)
        #expect(joined.map(\.count) == [9, 6])
        #expect(joined[0].words == ["w0", "w0", "w0", "w1", "w1", "w1", "w2", "w2", "w2"])
        #expect(joined.allSatisfy { $0.labels.count == $0.words.count && $0.needsMemory.count == $0.words.count })
    }
}
