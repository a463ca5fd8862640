// Small models and documents for tests: tiny configs that run in milliseconds.
import Kernels
@testable import MemoryTransformer

enum TestModels {
    static let labels = ["O", "B-PER", "I-PER", "B-LOC"]

    /// A tiny config: d = 8, 2 heads, `layers` layers, chunks of `chunkSize`, memory `memorySize`.
    static func config(variant: MemoryVariant, chunkSize: Int = 4, memorySize: Int = 3, sameWordBias: Bool = false,
                       crf: Bool = false, layers: Int = 2, contextWords: Int = 0) -> ModelConfig {
        var config = ModelConfig(labels: labels)
        config.dModel = 8
        config.heads = 2
        config.layers = layers
        config.mlpHidden = 12
        config.chunkSize = chunkSize
        config.contextWords = contextWords
        config.memorySize = memorySize
        config.memoryVariant = variant
        config.ngramBuckets = 50
        config.vocabularySize = vocabulary.count
        config.sameWordBias = sameWordBias
        config.crf = crf
        return config
    }

    static let vocabulary = Vocabulary(words: ["the", "river", "city", "is", "a", "in", "."])

    /// A model with random weights, including a non-zero importance projection so scores
    /// differ (and, with `sameWordBias`, random same-word biases).
    static func model(variant: MemoryVariant, chunkSize: Int = 4, memorySize: Int = 3, seed: UInt64 = 3,
                      sameWordBias: Bool = false, crf: Bool = false, layers: Int = 2,
                      contextWords: Int = 0) -> MemoryTransformerModel {
        let model = MemoryTransformerModel(
            config: config(variant: variant, chunkSize: chunkSize, memorySize: memorySize, sameWordBias: sameWordBias,
                           crf: crf, layers: layers, contextWords: contextWords),
            vocabulary: vocabulary, seed: seed)
        var generator = SeededGenerator(seed: seed + 100)
        generator.fillNormal(model.parameters.scoreWeight, std: 0.3)
        for block in model.parameters.blocks { generator.fillNormal(block.nullValue, std: 0.5) }
        for block in model.parameters.blocks { if let gamma = block.sameWordBias { generator.fillNormal(gamma, std: 1) } }
        if let transitions = model.parameters.labelTransitions { generator.fillNormal(transitions, std: 1) }
        return model
    }

    /// Draws every embedding table of `model` from N(0, 1), seeded: unit scale, as trained
    /// embeddings are, so a finite-difference step stays in the final LayerNorm's linear range.
    static func embeddingsAtUnitScale(_ model: MemoryTransformerModel, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for (name, tensor, _) in model.parameters.named where name.hasPrefix("embed.") { generator.fillNormal(tensor, std: 1) }
    }

    /// Deterministic pseudo-words.
    static func words(_ count: Int, seed: UInt64 = 9) -> [String] {
        var generator = SeededGenerator(seed: seed)
        let pool = ["the", "Vorsk", "river", "is", "a", "Talumbe", "city", "in", ".", "Brakko", "north", "Zed"]
        return (0..<count).map { _ in pool[Int(generator.next() % UInt64(pool.count))] }
    }
}
