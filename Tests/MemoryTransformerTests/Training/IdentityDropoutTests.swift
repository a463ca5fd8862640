// Identity dropout (TrainingConfig.identityDropout): a flagged word's row shows only its
// pretrained columns 0..<D, as a row training never reached reads at inference; the
// backward gives the hidden columns nothing and matches finite differences; the trainer's
// flags skip "unknown" words and draw nothing at rate 0; pretrained rows can start with
// their other columns at 0.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct IdentityDropoutTests {
    static let words = ["the", "river", "is", "in", "the"]
    static let flags = [false, true, false, false, true]
    static let pretrainedColumns = 3

    static func pass(_ model: MemoryTransformerModel, vectorOnly: [Bool], targets: [Int32] = []) -> ChunkPass {
        let input = ChunkInput(features: model.featurizer.features(for: words),
                               positions: ChunkInput.positions(count: words.count, chunkSize: model.config.chunkSize),
                               targets: targets, vectorOnly: vectorOnly, pretrainedColumns: pretrainedColumns)
        return ChunkPass(parameters: model.parameters, input: input, memory: .empty(layers: 2, d: model.config.dModel))
    }

    /// Unit-scale embeddings (as trained ones are), so a finite step stays in the linear range.
    static func model() -> MemoryTransformerModel {
        let model = TestModels.model(variant: .learned, chunkSize: 5, memorySize: 3)
        TestModels.embeddingsAtUnitScale(model, seed: 91)
        return model
    }

    @Test func aFlaggedWordReadsAsItsRowWithTheTrainedColumnsAtZero() {
        let model = Self.model(), d = model.config.dModel, D = Self.pretrainedColumns
        let flagged = Self.pass(model, vectorOnly: Self.flags).embedded.values
        let plain = Self.pass(model, vectorOnly: []).embedded.values
        let table = model.parameters.wordEmbedding
        for word in ["the", "river"] {
            let row = Int(model.featurizer.vocabulary.id(for: word))
            for c in D..<d { table[row * d + c] = 0 }
        }
        let zeroed = Self.pass(model, vectorOnly: []).embedded.values
        for t in 0..<Self.words.count {
            let expected = Self.flags[t] ? zeroed : plain
            for c in 0..<d { #expect(abs(flagged[t * d + c] - expected[t * d + c]) < 1e-5, "word \(t), column \(c)") }
        }
        #expect(flagged != plain, "the flags change x_0")
    }

    @Test func gradientMatchesFiniteDifferencesAndSkipsTheHiddenColumns() {
        let model = Self.model(), d = model.config.dModel, D = Self.pretrainedColumns
        let targets: [Int32] = [0, 1, 2, 3, 0]
        func loss() -> Double {
            let result = Self.pass(model, vectorOnly: Self.flags, targets: targets).loss()
            return result.sum / Double(result.count)
        }
        let forward = Self.pass(model, vectorOnly: Self.flags, targets: targets)
        let result = forward.loss()
        let gradients = ModelParameters(config: model.config)
        forward.backward(into: gradients, probabilities: result.probabilities, lossScale: 1 / Float(result.count))
        // "river" appears once, flagged: its trained columns get nothing, its pretrained ones do.
        let river = Int(model.featurizer.vocabulary.id(for: "river"))
        let riverGradient = Array(gradients.wordEmbedding.values[river * d..<(river + 1) * d])
        #expect(riverGradient[D...].allSatisfy { $0 == 0 })
        #expect(riverGradient[..<D].contains { $0 != 0 })
        ParameterGradientCheck.expectMatches(model, gradients: gradients, seed: 92, loss: loss)
    }

    @Test func trainerFlagsKnownWordsAtTheRateAndDrawsNothingAtZero() {
        var config = TrainingConfig()
        let model = TestModels.model(variant: .learned)
        let features = model.featurizer.features(for: Array(repeating: ["river", "zzqx"], count: 2000).flatMap { $0 })
        var generator = SeededGenerator(seed: 5)
        #expect(Trainer(model: model, config: config).identityDropout(features, generator: &generator).isEmpty)
        #expect(generator.next() == SeededGenerator(seed: 5).nextCopy(), "rate 0 draws nothing")
        config.identityDropout = 0.3
        let flags = Trainer(model: model, config: config).identityDropout(features, generator: &generator)
        #expect(flags.count == 4000)
        let unknown = flags.enumerated().filter { features.wordIDs[$0.offset] == Vocabulary.unknownID }
        #expect(!unknown.isEmpty && unknown.allSatisfy { !$0.element }, "unknown words are never flagged")
        let known = flags.enumerated().filter { features.wordIDs[$0.offset] != Vocabulary.unknownID }.map(\.element)
        let rate = Double(known.filter { $0 }.count) / Double(known.count)
        #expect(abs(rate - 0.3) < 0.04, "\(rate)")
    }

    @Test func pretrainedRowsCanStartWithTheirOtherColumnsAtZero() throws {
        let path = try RegularisationTests.vectorFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let vectors = try WordVectors(contentsOf: path)
        let vocabulary = PretrainedEmbedding.extend(Vocabulary(words: ["paris", "xyzzy"]), with: vectors, extra: 2)
        let table = Tensor(shape: [vocabulary.count, 3])
        for i in 0..<table.count { table[i] = 0.5 }
        PretrainedEmbedding.initialise(table, vocabulary: vocabulary, vectors: vectors, std: 1, zeroingOtherColumns: true)
        #expect(table[2 * 3 + 2] == 0, "paris has a vector: its other column starts at 0")
        #expect(table[3 * 3 + 2] == 0.5, "xyzzy has none: it keeps its random start")
        #expect(table[1 * 3 + 2] == 0.5, "<unk> keeps its random start")
    }
}

private extension SeededGenerator {
    /// The next value of a copy (the generator itself does not move).
    func nextCopy() -> UInt64 {
        var copy = self
        return copy.next()
    }
}
