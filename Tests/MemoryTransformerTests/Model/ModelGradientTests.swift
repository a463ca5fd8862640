// The whole model's backward against finite differences: for every parameter tensor,
// the directional derivative along a random direction, (L(θ+εu) − L(θ−εu)) / 2ε, must
// match ⟨∇L, u⟩. Covers the memory path (memory rows' keys and values, memory type,
// null slot), the importance scores added to memory logits, hidden dropout's masks and the
// same-word bias (pairs inside the chunk and with memory entries).
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct ModelGradientTests {
    func loss(_ model: MemoryTransformerModel, _ words: [String], _ targets: [Int32], _ memory: [MemoryEntry],
              dropout: HiddenDropoutMasks? = nil) -> Double {
        let result = chunkPass(model, words, targets, memory, dropout: dropout).loss()
        return result.sum / Double(result.count)
    }

    /// `model.encode`, with training's hidden-dropout masks when given.
    func chunkPass(_ model: MemoryTransformerModel, _ words: [String], _ targets: [Int32], _ memory: [MemoryEntry],
              dropout: HiddenDropoutMasks?) -> ChunkPass {
        guard let dropout else { return model.encode(words: words, targets: targets, memory: memory) }
        let input = ChunkInput(features: model.featurizer.features(for: words),
                               positions: ChunkInput.positions(count: words.count, chunkSize: model.config.chunkSize),
                               targets: targets, forms: model.config.sameWordBias ? words.map(WordForm.of) : [])
        return ChunkPass(parameters: model.parameters, input: input,
                         memory: MemoryKeys(entries: memory, layers: model.config.layers, d: model.config.dModel), dropout: dropout)
    }

    /// The learned and attention variants, the learned one with hidden dropout (fixed masks,
    /// rate 0.3: x_0, both branches of every block, the head's input), and with the same-word bias.
    @Test(arguments: [(MemoryVariant.learned, Float(0), false), (.attention, 0, false), (.learned, 0.3, false),
                      (.learned, 0, true)])
    func everyParameterGradientMatchesFiniteDifferences(variant: MemoryVariant, dropoutRate: Float, sameWordBias: Bool) {
        let model = TestModels.model(variant: variant, chunkSize: 5, memorySize: 3, sameWordBias: sameWordBias)
        // Memory from a first chunk (pass 1), then a gradient pass on the second.
        let first = Word.placeholders(TestModels.words(5, seed: 1))
        let firstPass = model.encode(words: first.map(\.text), memory: [])
        var memory = model.emptyMemory()
        memory.merge(model.memoryCandidates(from: firstPass, window: model.window(ofChunk: 0, documentLength: 5), words: first))
        #expect(memory.count == 3)
        // With the same-word bias: words that repeat in the chunk and words kept in memory.
        let words = sameWordBias ? [memory.entries[0].word, "is", "Vorsk", "vorsk", memory.entries[1].word]
                                 : TestModels.words(5, seed: 2)
        let targets: [Int32] = [0, 1, -1, 3, 2]
        var maskGenerator = SeededGenerator(seed: 21)
        let masks = dropoutRate > 0
            ? HiddenDropoutMasks(rate: dropoutRate, T: words.count, d: model.config.dModel, layers: model.config.layers,
                                 generator: &maskGenerator)
            : nil
        let pass = chunkPass(model, words, targets, memory.entries, dropout: masks)
        if sameWordBias { #expect(pass.sameWord.count >= 4, "pairs in the chunk and with memory") }
        if masks != nil {
            let undropped = model.encode(words: words, targets: targets, memory: memory.entries)
            #expect(pass.logits.values != undropped.logits.values, "the masks change the forward pass")
        }
        let result = pass.loss()
        let gradients = ModelParameters(config: model.config)
        pass.backward(into: gradients, probabilities: result.probabilities, lossScale: 1 / Float(result.count))

        var generator = SeededGenerator(seed: 77)
        var checked = 0
        for (parameter, gradient) in zip(model.parameters.named, gradients.named) {
            let tensor = parameter.tensor
            let direction = (0..<tensor.count).map { _ in generator.nextNormal() }
            let analytic = zip(direction, gradient.tensor.values).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let saved = tensor.values
            let epsilon: Float = 1e-3
            for i in 0..<tensor.count { tensor[i] = saved[i] + epsilon * direction[i] }
            let plus = loss(model, words, targets, memory.entries, dropout: masks)
            for i in 0..<tensor.count { tensor[i] = saved[i] - epsilon * direction[i] }
            let minus = loss(model, words, targets, memory.entries, dropout: masks)
            for i in 0..<tensor.count { tensor[i] = saved[i] }
            let numerical = (plus - minus) / (2 * Double(epsilon))
            let error = abs(analytic - numerical) / max(abs(numerical), 1e-2)
            #expect(error < 0.03, "\(parameter.name): analytic \(analytic), numerical \(numerical)")
            if abs(analytic) > 1e-6 { checked += 1 }
        }
        // Untouched rows aside, nearly every tensor must get a gradient (score weight
        // only in the learned variant).
        #expect(checked >= model.parameters.named.count - 2, "\(checked) tensors had a gradient")
        if variant == .learned {
            #expect(gradients.scoreWeight.values.contains { $0 != 0 }, "importance scores get a gradient")
        } else {
            #expect(gradients.scoreWeight.values.allSatisfy { $0 == 0 }, "heuristic scores are not trained")
        }
    }

    /// The importance score's auxiliary keep loss: λ · Σ logistic loss of σ(s_t) against
    /// 0/1 targets (−1: a context word, ignored), added to the cross-entropy; its gradient
    /// reaches w_s, b_s and, through z, every weight below the final LayerNorm.
    @Test func keepLossGradientMatchesFiniteDifferences() {
        let model = TestModels.model(variant: .learned, chunkSize: 5, memorySize: 3)
        // Embeddings at unit scale, as trained ones are: at N(0, 0.02) the final LayerNorm
        // amplifies a finite step so much that the differences leave their linear range.
        TestModels.embeddingsAtUnitScale(model, seed: 79)
        let words = TestModels.words(5, seed: 2), targets: [Int32] = [0, 1, -1, 3, 2]
        let keep: [Float] = [1, 0, -1, 1, 0], ceScale: Float = 0.25, keepScale: Float = 0.6
        func pass() -> ChunkPass {
            let input = ChunkInput(features: model.featurizer.features(for: words),
                                   positions: ChunkInput.positions(count: 5, chunkSize: 5), targets: targets, keepTargets: keep)
            return ChunkPass(parameters: model.parameters, input: input, memory: .empty(layers: 2, d: model.config.dModel))
        }
        func total() -> Double {
            let p = pass()
            return p.loss().sum * Double(ceScale) + p.keepLoss() * Double(keepScale)
        }
        let forward = pass()
        #expect(forward.keepLoss() > 0)
        let gradients = ModelParameters(config: model.config), withoutKeep = ModelParameters(config: model.config)
        let result = forward.loss()
        forward.backward(into: gradients, probabilities: result.probabilities, lossScale: ceScale, keepLossScale: keepScale)
        forward.backward(into: withoutKeep, probabilities: result.probabilities, lossScale: ceScale)
        #expect(gradients.scoreWeight.values != withoutKeep.scoreWeight.values, "the keep loss reaches w_s")
        ParameterGradientCheck.expectMatches(model, gradients: gradients, seed: 78, loss: total)
    }

    /// The intermediate label loss: x_1 and x_2 of a three-block model read by the final
    /// LayerNorm and head, cross-entropy scaled and added to the main loss; its gradient
    /// reaches the head, the final LayerNorm and, through them, the blocks below and the
    /// embeddings (and no weight of the last block's MLP).
    @Test func intermediateLossGradientMatchesFiniteDifferences() {
        let model = TestModels.model(variant: .learned, chunkSize: 5, memorySize: 3, layers: 3)
        TestModels.embeddingsAtUnitScale(model, seed: 83)
        let words = TestModels.words(5, seed: 2), targets: [Int32] = [0, 1, -1, 3, 2]
        let ceScale: Float = 0.25, intermediateScale: Float = 0.7
        func pass() -> ChunkPass { model.encode(words: words, targets: targets, memory: []) }
        func total() -> Double {
            let p = pass()
            return p.loss().sum * Double(ceScale) + p.intermediateLoss() * Double(intermediateScale)
        }
        let forward = pass()
        #expect(forward.intermediateLoss() > 0)
        let gradients = ModelParameters(config: model.config), without = ModelParameters(config: model.config)
        let result = forward.loss()
        forward.backward(into: gradients, probabilities: result.probabilities, lossScale: ceScale,
                         intermediateLossScale: intermediateScale)
        forward.backward(into: without, probabilities: result.probabilities, lossScale: ceScale)
        #expect(gradients.blocks[0].fcWeight.values != without.blocks[0].fcWeight.values, "the readout reaches block 0")
        #expect(gradients.blocks[2].fcWeight.values == without.blocks[2].fcWeight.values, "and not the last block")
        ParameterGradientCheck.expectMatches(model, gradients: gradients, seed: 84, loss: total)
    }
}
