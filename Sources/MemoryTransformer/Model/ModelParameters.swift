// All weights of a Memory Transformer, as named tensors. The same type holds the
// gradients (a zeroed twin with the same shapes), so optimiser, checkpoint and
// backward walk one list. Names are the checkpoint's tensor names.
import Kernels

/// Weights of one transformer block (pre-LayerNorm, multi-head attention, GELU MLP).
public final class BlockParameters: @unchecked Sendable {
    public let ln1Weight, ln1Bias: Tensor        // (d)
    public let qkvWeight: Tensor                 // (3d, d): rows q, then k, then v
    public let qkvBias: Tensor                   // (3d)
    public let attentionProjWeight: Tensor       // (d, d)
    public let attentionProjBias: Tensor         // (d)
    public let ln2Weight, ln2Bias: Tensor        // (d)
    public let fcWeight: Tensor                  // (H, d)
    public let fcBias: Tensor                    // (H)
    public let fcProjWeight: Tensor              // (d, H)
    public let fcProjBias: Tensor                // (d)
    public let nullKey, nullValue: Tensor        // (d): the learnable "attend to nothing" slot
    public let memoryType: Tensor                // (d): added to memory states before ln1
    public let relativeBias: Tensor              // (NH, 2R + 2): logit bias by offset j − i; last column: memory keys
    /// (NH): logit bias between two words of the same normal form (SameWordPairs.swift);
    /// nil unless `ModelConfig.sameWordBias`.
    public let sameWordBias: Tensor?

    init(d: Int, hidden: Int, heads: Int, relativeRange: Int, sameWordBias: Bool) {
        ln1Weight = Tensor(shape: [d]); ln1Bias = Tensor(shape: [d])
        qkvWeight = Tensor(shape: [3 * d, d]); qkvBias = Tensor(shape: [3 * d])
        attentionProjWeight = Tensor(shape: [d, d]); attentionProjBias = Tensor(shape: [d])
        ln2Weight = Tensor(shape: [d]); ln2Bias = Tensor(shape: [d])
        fcWeight = Tensor(shape: [hidden, d]); fcBias = Tensor(shape: [hidden])
        fcProjWeight = Tensor(shape: [d, hidden]); fcProjBias = Tensor(shape: [d])
        nullKey = Tensor(shape: [d]); nullValue = Tensor(shape: [d])
        memoryType = Tensor(shape: [d])
        relativeBias = Tensor(shape: [heads, 2 * relativeRange + 2])
        self.sameWordBias = sameWordBias ? Tensor(shape: [heads]) : nil
    }

    /// (name suffix, tensor, takes weight decay), in checkpoint order.
    var named: [(String, Tensor, Bool)] {
        [("ln1.weight", ln1Weight, false), ("ln1.bias", ln1Bias, false),
         ("attn.qkv.weight", qkvWeight, true), ("attn.qkv.bias", qkvBias, false),
         ("attn.proj.weight", attentionProjWeight, true), ("attn.proj.bias", attentionProjBias, false),
         ("ln2.weight", ln2Weight, false), ("ln2.bias", ln2Bias, false),
         ("mlp.fc.weight", fcWeight, true), ("mlp.fc.bias", fcBias, false),
         ("mlp.proj.weight", fcProjWeight, true), ("mlp.proj.bias", fcProjBias, false),
         ("attn.null_key", nullKey, false), ("attn.null_value", nullValue, false),
         ("memory_type", memoryType, false), ("attn.relative_bias", relativeBias, false)]
            + (sameWordBias.map { [("attn.same_word_bias", $0, false)] } ?? [])
    }
}

/// Every weight of the model. `ModelParameters(config:)` is zeroed: use it for gradients,
/// or call `initialise(seed:)` for fresh weights.
public final class ModelParameters: @unchecked Sendable {
    public let config: ModelConfig
    public let wordEmbedding: Tensor      // (V, d)
    public let ngramEmbedding: Tensor     // (B, d)
    public let shapeEmbedding: Tensor     // (S, d)
    public let positionEmbedding: Tensor  // (C + 2K, d): position within the chunk's window
    public let blocks: [BlockParameters]  // L
    public let lnfWeight, lnfBias: Tensor // (d)
    public let headWeight: Tensor         // (K, d): label logits
    public let headBias: Tensor           // (K)
    /// (K, K): the CRF's transition score from label i to label j at [i * K + j];
    /// nil unless `ModelConfig.crf`.
    public let labelTransitions: Tensor?
    public let scoreWeight: Tensor        // (d): importance s = w · lnf(h) + b
    public let scoreBias: Tensor          // (1)

    public init(config: ModelConfig) {
        self.config = config
        let d = config.dModel
        wordEmbedding = Tensor(shape: [config.vocabularySize, d])
        ngramEmbedding = Tensor(shape: [config.ngramBuckets, d])
        shapeEmbedding = Tensor(shape: [WordShape.count, d])
        positionEmbedding = Tensor(shape: [config.positionCount, d])
        blocks = (0..<config.layers).map { _ in BlockParameters(d: d, hidden: config.mlpHidden, heads: config.heads, relativeRange: config.relativeRange,
                            sameWordBias: config.sameWordBias)
        }
        lnfWeight = Tensor(shape: [d]); lnfBias = Tensor(shape: [d])
        headWeight = Tensor(shape: [config.labels.count, d]); headBias = Tensor(shape: [config.labels.count])
        labelTransitions = config.crf ? Tensor(shape: [config.labels.count, config.labels.count]) : nil
        scoreWeight = Tensor(shape: [d]); scoreBias = Tensor(shape: [1])
    }

    /// The word-embedding table's checkpoint name (the tensor `halfPrecisionWordTable` stores as F16).
    public static let wordTableName = "embed.word"

    /// Every tensor with its checkpoint name and whether AdamW decays it.
    public var named: [(name: String, tensor: Tensor, decays: Bool)] {
        var result: [(name: String, tensor: Tensor, decays: Bool)] = [
            (Self.wordTableName, wordEmbedding, false), ("embed.ngram", ngramEmbedding, false),
            ("embed.shape", shapeEmbedding, false), ("embed.position", positionEmbedding, false),
        ]
        for (index, block) in blocks.enumerated() {
            for (suffix, tensor, decays) in block.named {
                result.append(("blocks.\(index).\(suffix)", tensor, decays))
            }
        }
        result += [("lnf.weight", lnfWeight, false), ("lnf.bias", lnfBias, false),
                   ("head.weight", headWeight, true), ("head.bias", headBias, false)]
        result += labelTransitions.map { [("head.transitions", $0, false)] } ?? []
        result += [("score.weight", scoreWeight, false), ("score.bias", scoreBias, false)]
        return result
    }

    /// Fresh weights: N(0, 0.02) matrices and embeddings, residual projections scaled by
    /// 1/√(2L), layer-norm scales 1, biases 0, the score projection all zero so that
    /// every word starts with the same importance (and the CRF's transitions 0), and
    /// relative-position biases with an ALiBi-like locality prior (head h: −|offset| / 2^h,
    /// the last head flat; memory keys start as far away as offset R), and the same-word
    /// bias 0 but for the last head's `sameWordPrior`.
    public func initialise(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let residualStd = 0.02 / Float(2 * config.layers).squareRoot()
        for (name, tensor, _) in named {
            if name.hasSuffix("ln1.weight") || name.hasSuffix("ln2.weight") || name == "lnf.weight" {
                for i in 0..<tensor.count { tensor[i] = 1 }
            } else if name.hasSuffix("proj.weight") {
                generator.fillNormal(tensor, std: residualStd)
            } else if name.hasSuffix("qkv.weight") {
                generator.fillNormal(tensor, std: 1 / Float(config.dModel).squareRoot())
            } else if name.hasSuffix("relative_bias") {
                Self.initialiseLocality(tensor, heads: config.heads, range: config.relativeRange)
            } else if name.hasSuffix("same_word_bias") {
                tensor.zero()
                tensor[config.heads - 1] = Self.sameWordPrior
            } else if name.hasSuffix(".weight") && !name.hasPrefix("score") || name.hasPrefix("embed")
                || name.hasSuffix("null_key") {
                generator.fillNormal(tensor, std: 0.02)
            } else {
                tensor.zero()
            }
        }
        for block in blocks { Self.tieGlobalHead(block.qkvWeight, d: config.dModel, heads: config.heads, generator: &generator) }
    }

    /// The last (global) head starts as a content matcher: its key rows equal its query
    /// rows, drawn with std 1/√d, so q·k is large for two states that share their content
    /// (the same name read in another chunk) and near 0 otherwise. Without it, learning to
    /// find a name's earlier mention in memory takes thousands of updates.
    static func tieGlobalHead(_ qkv: Tensor, d: Int, heads: Int, generator: inout SeededGenerator) {
        let dh = d / heads, first = (heads - 1) * dh
        let std = 1 / Float(d).squareRoot()
        for r in first..<(first + dh) {
            for c in 0..<d {
                let value = generator.nextNormal() * std
                qkv[r * d + c] = value            // query row
                qkv[(d + r) * d + c] = value      // key row
            }
        }
    }

    /// The last (global) head's initial same-word bias: another occurrence of the query's
    /// word gets e⁴ ≈ 55 times the weight of a key with the same q·k, so reading an earlier
    /// mention does not wait for the bias to grow (AdamW moves it about 1e-3 a step). At 2,
    /// one seed of two on the hard synthetic task never learned to read the memory in 2 000
    /// updates (docs/MODEL.md).
    public static let sameWordPrior: Float = 4

    /// table (NH, 2R + 2)[h, offset + R] = −|offset| · slope_h with slopes 1, ½, ¼, … and 0
    /// for the last head, and table[h, 2R + 1] (memory keys) = −R · slope_h: most heads start
    /// local (names look at their neighbours), the last one global.
    static func initialiseLocality(_ table: Tensor, heads: Int, range: Int) {
        let width = 2 * range + 2
        for h in 0..<heads {
            let slope: Float = h == heads - 1 ? 0 : 1 / Float(1 << h)
            for offset in -range...range { table[h * width + offset + range] = -Float(abs(offset)) * slope }
            table[h * width + 2 * range + 1] = -Float(range) * slope
        }
    }

    /// The parameters paired with their gradients, for the optimiser.
    public func trainable(gradients: ModelParameters) -> [TrainableParameter] {
        zip(named, gradients.named).map {
            TrainableParameter(value: $0.0.tensor, gradient: $0.1.tensor, decays: $0.0.decays)
        }
    }

    /// Total number of weights.
    public var count: Int { named.reduce(0) { $0 + $1.tensor.count } }
}
