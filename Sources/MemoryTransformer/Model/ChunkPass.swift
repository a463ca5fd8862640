// The forward pass of one chunk through the whole model, attending to itself, to the
// memory (scores added to memory keys' logits in the learned variant) and to a learned
// null key. Saves every activation the backward (ChunkPass+Backward.swift) needs.
// Order of operations is specified in docs/MODEL.md; shapes are in the comments
// (T words, Mk memory entries, Tk = T + Mk + 1 keys, d width, H MLP width, K labels).
import Kernels

/// Activations of one block for one chunk.
final class BlockActivations {
    let input: Tensor          // (T + Mk, d): [x_l ; memory states + memory type]
    let ln1: Tensor            // (T + Mk, d)
    let ln1Mean, ln1Rstd: Tensor  // (T + Mk)
    let qkv: Tensor            // (T + Mk, 3d)
    let q: Tensor              // (T, d)
    let k, v: Tensor           // (Tk, d)
    let probs: Tensor          // (NH, T, Tk)
    let attention: Tensor      // (T, d)
    let middle: Tensor         // (T, d): x_l + proj(attention)
    let ln2: Tensor            // (T, d)
    let ln2Mean, ln2Rstd: Tensor  // (T)
    let fc: Tensor             // (T, H)
    let fcGelu: Tensor         // (T, H)
    let output: Tensor         // (T, d): x_{l+1}

    init(T: Int, Mk: Int, d: Int, H: Int, NH: Int) {
        let rows = T + Mk, Tk = T + Mk + 1
        input = Tensor(shape: [rows, d]); ln1 = Tensor(shape: [rows, d])
        ln1Mean = Tensor(shape: [rows]); ln1Rstd = Tensor(shape: [rows])
        qkv = Tensor(shape: [rows, 3 * d]); q = Tensor(shape: [T, d])
        k = Tensor(shape: [Tk, d]); v = Tensor(shape: [Tk, d]); probs = Tensor(shape: [NH, T, Tk])
        attention = Tensor(shape: [T, d]); middle = Tensor(shape: [T, d])
        ln2 = Tensor(shape: [T, d]); ln2Mean = Tensor(shape: [T]); ln2Rstd = Tensor(shape: [T])
        fc = Tensor(shape: [T, H]); fcGelu = Tensor(shape: [T, H]); output = Tensor(shape: [T, d])
    }
}

/// One chunk's forward pass and its saved activations.
public final class ChunkPass {
    public let T: Int, Mk: Int, Tk: Int
    let d: Int, L: Int, NH: Int, H: Int, K: Int
    let parameters: ModelParameters
    let input: ChunkInput
    let memory: MemoryKeys
    /// Whether memory scores are added to memory keys' logits (learned variant).
    let addsScores: Bool
    /// Training-only dropout masks (HiddenDropout.swift); nil at inference and in pass 1.
    let dropout: HiddenDropoutMasks?
    /// Query–key pairs of the same word (`ModelConfig.sameWordBias`), else none.
    let sameWord: SameWordPairs

    let embedded: Tensor            // (T, d): x_0
    let blocks: [BlockActivations]  // L
    let lnf: Tensor                 // (T, d)
    let lnfMean, lnfRstd: Tensor    // (T)
    /// (T, d): the label head's input: lnf, or lnf ⊙ the head's dropout mask.
    let headInput: Tensor
    /// (T, K) label logits.
    public let logits: Tensor
    /// (Tk): additive key bias: 0 for chunk keys and the null key, s_j for memory keys.
    let keyBias: Tensor
    /// (T): importance of the chunk's own words (learned score or attention received).
    public let wordScores: Tensor
    /// The CRF loss's gradients for a loss scale of 1 (dLogits (T, K), dTransitions (K, K)),
    /// set by `loss()` in a model with `ModelConfig.crf`.
    var crfGradients: (dLogits: [Float], dTransitions: [Float])?

    /// Runs the forward pass of `input` against `memory`, with `dropout`'s masks in training.
    public init(parameters: ModelParameters, input: ChunkInput, memory: MemoryKeys, dropout: HiddenDropoutMasks? = nil) {
        let config = parameters.config
        self.parameters = parameters
        self.input = input
        self.memory = memory
        self.dropout = dropout
        sameWord = config.sameWordBias ? SameWordPairs(chunk: input.forms, memory: memory.forms) : .none
        precondition(!config.sameWordBias || input.forms.count == input.count, "the same-word bias needs each word's form")
        let T = input.count, Mk = memory.count, d = config.dModel, H = config.mlpHidden
        let NH = config.heads, K = config.labels.count
        self.T = T; self.Mk = Mk; Tk = T + Mk + 1
        self.d = d; L = config.layers; self.NH = NH; self.H = H; self.K = K
        addsScores = config.memoryVariant == .learned
        embedded = Tensor(shape: [T, d])
        blocks = (0..<config.layers).map { _ in BlockActivations(T: T, Mk: Mk, d: d, H: H, NH: NH) }
        lnf = Tensor(shape: [T, d]); lnfMean = Tensor(shape: [T]); lnfRstd = Tensor(shape: [T])
        headInput = dropout == nil ? lnf : Tensor(shape: [T, d])
        logits = Tensor(shape: [T, K])
        keyBias = Tensor(shape: [T + Mk + 1])
        wordScores = Tensor(shape: [T])
        forward(tracksAttention: config.memoryVariant == .attention)
    }

    private func forward(tracksAttention: Bool) {
        let p = parameters
        embed()
        if let dropout { dropoutForward(out: embedded.pointer, inp: embedded.pointer, mask: dropout.embedded.pointer, N: T * d) }
        // Key bias: memory keys carry their importance score s_j = w · r_j + b.
        if addsScores && Mk > 0 {
            gemm(transA: false, transB: false, m: Mk, n: 1, k: d, a: memory.scoreInputs.pointer, lda: d,
                 b: p.scoreWeight.pointer, ldb: 1, c: keyBias.pointer + T, ldc: 1)
            for j in 0..<Mk { keyBias[T + j] += p.scoreBias[0] }
        }
        let received = Tensor(shape: [tracksAttention ? Tk : 0])
        var stream = embedded
        for (l, block) in blocks.enumerated() {
            blockForward(l, block: block, x: stream)
            if tracksAttention {
                attentionReceived(received: received.pointer, probs: block.probs.pointer, Tq: T, Tk: Tk, NH: NH)
                for t in 0..<T { wordScores[t] += received[t] / Float(T * L) }
            }
            stream = block.output
        }
        layerNormForward(out: lnf.pointer, mean: lnfMean.pointer, rstd: lnfRstd.pointer, inp: stream.pointer,
                         weight: p.lnfWeight.pointer, bias: p.lnfBias.pointer, T: T, C: d)
        if let dropout { dropoutForward(out: headInput.pointer, inp: lnf.pointer, mask: dropout.head.pointer, N: T * d) }
        linearForward(out: logits.pointer, inp: headInput.pointer, weight: p.headWeight.pointer,
                      bias: p.headBias.pointer, T: T, C: d, OC: K)
        if addsScores {
            gemm(transA: false, transB: false, m: T, n: 1, k: d, a: lnf.pointer, lda: d,
                 b: p.scoreWeight.pointer, ldb: 1, c: wordScores.pointer, ldc: 1)
            for t in 0..<T { wordScores[t] += p.scoreBias[0] }
        }
    }

    /// x_0 (T, d) = word + n-gram bag + shape + position embeddings.
    private func embed() {
        let part = Tensor(shape: [T, d])
        parameters.embedWithoutPosition(input.features, into: embedded.pointer, scratch: part.pointer)
        removeTrainedColumns()
        input.positions.withUnsafeBufferPointer { ids in
            embeddingForward(out: part.pointer, ids: ids.baseAddress!, table: parameters.positionEmbedding.pointer, T: T, C: d)
        }
        residualForward(out: embedded.pointer, a: embedded.pointer, b: part.pointer, N: T * d)
    }

    /// Identity dropout: x_0[t, D..<d] −= E_word[id_t, D..<d] for each `vectorOnly` word, so
    /// its word row shows only its pretrained columns `0..<D`.
    private func removeTrainedColumns() {
        let D = min(input.pretrainedColumns, d), table = parameters.wordEmbedding.pointer
        for (t, dropped) in input.vectorOnly.enumerated() where dropped {
            let row = table + Int(input.features.wordIDs[t]) * d, out = embedded.pointer + t * d
            for c in D..<d { out[c] -= row[c] }
        }
    }

    /// One pre-LayerNorm block: x + attn(ln1(x), memory), then + mlp(ln2(·)) (each branch
    /// through its dropout mask in training).
    private func blockForward(_ l: Int, block a: BlockActivations, x: Tensor) {
        let w = parameters.blocks[l], rows = T + Mk
        // input (T + Mk, d) = [x ; memory states_l + memory type]
        a.input.pointer.update(from: x.pointer, count: T * d)
        for j in 0..<Mk {
            let dst = a.input.pointer + (T + j) * d, src = memory.states.pointer + (l * Mk + j) * d
            for i in 0..<d { dst[i] = src[i] + w.memoryType[i] }
        }
        layerNormForward(out: a.ln1.pointer, mean: a.ln1Mean.pointer, rstd: a.ln1Rstd.pointer, inp: a.input.pointer,
                         weight: w.ln1Weight.pointer, bias: w.ln1Bias.pointer, T: rows, C: d)
        linearForward(out: a.qkv.pointer, inp: a.ln1.pointer, weight: w.qkvWeight.pointer, bias: w.qkvBias.pointer,
                      T: rows, C: d, OC: 3 * d)
        // q from chunk rows; k, v from chunk rows, memory rows, then the null slot.
        for t in 0..<T { (a.q.pointer + t * d).update(from: a.qkv.pointer + t * 3 * d, count: d) }
        for r in 0..<rows {
            (a.k.pointer + r * d).update(from: a.qkv.pointer + r * 3 * d + d, count: d)
            (a.v.pointer + r * d).update(from: a.qkv.pointer + r * 3 * d + 2 * d, count: d)
        }
        (a.k.pointer + rows * d).update(from: w.nullKey.pointer, count: d)
        (a.v.pointer + rows * d).update(from: w.nullValue.pointer, count: d)
        let logitBias = relativeLogitBias(w.relativeBias)
        addSameWordBias(w.sameWordBias, to: logitBias)
        attentionForward(out: a.attention.pointer, probs: a.probs.pointer, q: a.q.pointer, k: a.k.pointer,
                         v: a.v.pointer, logitBias: logitBias.pointer, keyBias: keyBias.pointer, keyMask: nil,
                         Tq: T, Tk: Tk, D: d, NH: NH)
        linearForward(out: a.middle.pointer, inp: a.attention.pointer, weight: w.attentionProjWeight.pointer,
                      bias: w.attentionProjBias.pointer, T: T, C: d, OC: d)
        if let dropout { dropoutForward(out: a.middle.pointer, inp: a.middle.pointer, mask: dropout.attention[l].pointer, N: T * d) }
        residualForward(out: a.middle.pointer, a: a.middle.pointer, b: x.pointer, N: T * d)
        layerNormForward(out: a.ln2.pointer, mean: a.ln2Mean.pointer, rstd: a.ln2Rstd.pointer, inp: a.middle.pointer,
                         weight: w.ln2Weight.pointer, bias: w.ln2Bias.pointer, T: T, C: d)
        linearForward(out: a.fc.pointer, inp: a.ln2.pointer, weight: w.fcWeight.pointer, bias: w.fcBias.pointer,
                      T: T, C: d, OC: H)
        geluForward(out: a.fcGelu.pointer, inp: a.fc.pointer, N: T * H)
        linearForward(out: a.output.pointer, inp: a.fcGelu.pointer, weight: w.fcProjWeight.pointer,
                      bias: w.fcProjBias.pointer, T: T, C: H, OC: d)
        if let dropout { dropoutForward(out: a.output.pointer, inp: a.output.pointer, mask: dropout.mlp[l].pointer, N: T * d) }
        residualForward(out: a.output.pointer, a: a.output.pointer, b: a.middle.pointer, N: T * d)
    }

    /// (NH, T, Tk): relative-position bias table[h, clamp(j − i, −R, R) + R] for chunk keys
    /// j < T, table[h, 2R + 1] for memory keys, 0 for the null key.
    func relativeLogitBias(_ table: Tensor) -> Tensor {
        let R = parameters.config.relativeRange, width = 2 * R + 2
        let bias = Tensor(shape: [NH, T, Tk])
        for h in 0..<NH {
            let source = table.pointer + h * width
            for i in 0..<T {
                let row = bias.pointer + (h * T + i) * Tk
                for j in 0..<T { row[j] = source[min(max(j - i, -R), R) + R] }
                for j in T..<(T + Mk) { row[j] = source[2 * R + 1] }
            }
        }
        return bias
    }

    /// logitBias (NH, T, Tk)[h, i, j] += γ[h] for every same-word pair (i, j).
    func addSameWordBias(_ gamma: Tensor?, to logitBias: Tensor) {
        guard let gamma else { return }
        for h in 0..<NH {
            let plane = logitBias.pointer + h * T * Tk
            for (i, j) in zip(sameWord.queries, sameWord.keys) { plane[Int(i) * Tk + Int(j)] += gamma[h] }
        }
    }

    /// (L, d): the input of every block for word `t`, what a memory entry keeps.
    public func states(ofWord t: Int) -> [Float] {
        var result = [Float]()
        result.reserveCapacity(L * d)
        for l in 0..<L {
            let source = l == 0 ? embedded.pointer : blocks[l - 1].output.pointer
            result += UnsafeBufferPointer(start: source + t * d, count: d)
        }
        return result
    }

    /// (d) final-normed state of word `t`: the importance score's input.
    public func scoreInput(ofWord t: Int) -> [Float] {
        Array(UnsafeBufferPointer(start: lnf.pointer + t * d, count: d))
    }
}
