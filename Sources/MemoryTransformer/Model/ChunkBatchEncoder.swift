// Forward-only encoder for inference: several chunks at once, their rows stacked, so the
// projections, the MLP and the head run as one GEMM over all rows; attention stays per
// chunk (a chunk sees its own words, its memory entries from a MemoryBank, and the null
// key). Buffers live as long as the encoder and are reused between calls; no activations
// are kept for a backward. Input embeddings come from a per-encoder InputEmbeddingCache;
// softmax, GELU and LayerNorm run the vectorised kernels (Kernels/VectorMath.swift, AVX2+FMA
// twins in CKernels when the CPU has them: VectorMath+AVX2.swift). Same
// arithmetic as ChunkPass (docs/MODEL.md) up to float rounding; tests compare the two.
// Left out: the `attention` variant's received-attention scores (that variant uses ChunkPass).
import Foundation
import Kernels

/// One chunk of a batch: its rows and the memory bank entries it attends to.
public struct BatchedChunk {
    /// First row of the chunk in the batch, and its number of words T.
    public var start: Int, count: Int
    /// Indices into the MemoryBank, in key order.
    public var memory: [Int]

    public init(start: Int, count: Int, memory: [Int]) {
        self.start = start; self.count = count; self.memory = memory
    }
}

/// Runs the model's forward over batches of chunks; owns its workspace (one owner at a time).
public final class ChunkBatchEncoder {
    let parameters: ModelParameters
    /// C: the longest window, chunk size plus context words on both sides (C + 2K).
    let d: Int, L: Int, NH: Int, H: Int, K: Int, R: Int, C: Int
    /// Whether to keep block inputs (pass 1 builds memory entries from them).
    public let keepsStates: Bool
    private let inputs: InputEmbeddingCache
    /// (L, NH, C, C): relative-position logit bias of query i and chunk key j per block and head.
    private let relativeBias: Tensor
    private(set) var rows = 0
    private var capacity = 0
    // Workspace over all rows of a batch.
    private(set) var x = Tensor(shape: [0])                                       // (rows, d)
    private var normed = Tensor(shape: [0]), qkv = Tensor(shape: [0])             // (rows, d), (rows, 3d)
    private var attention = Tensor(shape: [0]), middle = Tensor(shape: [0])       // (rows, d)
    private var hidden = Tensor(shape: [0])                                       // (rows, H)
    /// (rows, K) label logits, (rows, d) final-normed states, (rows) learned word scores.
    public private(set) var logits = Tensor(shape: [0]), lnf = Tensor(shape: [0]), wordScores = Tensor(shape: [0])
    /// L × (rows, d): block inputs, when `keepsStates`.
    public private(set) var states: [Tensor] = []
    // Per chunk: gathered keys and values (Tk, d), memory-key bias (Mk), one head's probabilities (T, Tk).
    private var keys = Tensor(shape: [0]), values = Tensor(shape: [0])
    private var memoryBias = Tensor(shape: [0]), probs = Tensor(shape: [0])
    /// Workspace of the fused head-width-16 attention (attentionHead16), when it runs.
    private var fusedWork = Tensor(shape: [0])
    /// Per chunk of the current batch: its same-word pairs (empty without the bias).
    private var sameWord: [SameWordPairs] = []
    /// (T, T + Mk) of one chunk and head: relative bias plus same-word bias, when it has pairs.
    private var pairBias = Tensor(shape: [0])
    /// Whether attention runs the fused AVX2 kernel (head width 16 on an AVX2+FMA CPU).
    private let fusedAttention: Bool

    /// - Parameter embeddingCacheWords: distinct words whose input embeddings are kept.
    public init(parameters: ModelParameters, featurizer: Featurizer, keepsStates: Bool, embeddingCacheWords: Int = 8_192) {
        let c = parameters.config
        self.parameters = parameters
        d = c.dModel; L = c.layers; NH = c.heads; H = c.mlpHidden; K = c.labels.count; R = c.relativeRange; C = c.positionCount
        self.keepsStates = keepsStates
        fusedAttention = usesAVX2Kernels && c.dModel / c.heads == 16
        inputs = InputEmbeddingCache(parameters: parameters, featurizer: featurizer, capacity: max(C, embeddingCacheWords))
        relativeBias = Tensor(shape: [L, NH, C, C])
        for l in 0..<L {
            let table = parameters.blocks[l].relativeBias.pointer, width = 2 * R + 2
            for h in 0..<NH {
                for i in 0..<C {
                    let row = relativeBias.pointer + ((l * NH + h) * C + i) * C
                    for j in 0..<C { row[j] = table[h * width + min(max(j - i, -R), R) + R] }
                }
            }
        }
    }

    /// Bytes the encoder holds: its workspace, the relative-bias table and the embedding cache.
    public var residentBytes: Int {
        let tensors = [x, normed, qkv, attention, middle, hidden, logits, lnf, wordScores, keys, values, memoryBias, probs,
                       fusedWork, relativeBias, pairBias] + states
        return tensors.reduce(0) { $0 + $1.count } * MemoryLayout<Float>.size + inputs.residentBytes
    }

    private func reserve(rows n: Int, maxKeys: Int, maxQueries: Int) {
        rows = n
        if n > capacity {
            capacity = n
            x = Tensor(shape: [n, d]); normed = Tensor(shape: [n, d])
            qkv = Tensor(shape: [n, 3 * d]); attention = Tensor(shape: [n, d]); middle = Tensor(shape: [n, d])
            hidden = Tensor(shape: [n, H]); logits = Tensor(shape: [n, K]); lnf = Tensor(shape: [n, d])
            wordScores = Tensor(shape: [n])
            states = keepsStates ? (0..<L).map { _ in Tensor(shape: [n, d]) } : []
        }
        if keys.count < maxKeys * d {
            keys = Tensor(shape: [maxKeys, d]); values = Tensor(shape: [maxKeys, d]); memoryBias = Tensor(shape: [maxKeys])
        }
        if probs.count < maxQueries * maxKeys { probs = Tensor(shape: [maxQueries, maxKeys]) }
        if parameters.config.sameWordBias && pairBias.count < maxQueries * maxKeys {
            pairBias = Tensor(shape: [maxQueries, maxKeys])
        }
        if fusedAttention && fusedWork.count < attentionHead16WorkspaceCount(keys: maxKeys) {
            fusedWork = Tensor(shape: [attentionHead16WorkspaceCount(keys: maxKeys)])
        }
    }

    /// Encodes `chunks` (rows of `words`/`positions`, in order; windows of at most C + 2K words) against
    /// `bank`. Results are in `logits`, `lnf`, `wordScores` (and `states`) until the next call.
    public func encode(words: ArraySlice<Word>, positions: [Int32], chunks: [BatchedChunk], bank: MemoryBank) {
        precondition(chunks.allSatisfy { $0.count <= C }, "a batched window holds at most C + 2K words")
        let n = positions.count, p = parameters
        let maxKeys = chunks.map { $0.count + $0.memory.count + 1 }.max() ?? 1
        reserve(rows: n, maxKeys: maxKeys, maxQueries: chunks.map(\.count).max() ?? 1)
        // x_0 (rows, d) = (word + n-gram bag + shape), cached per distinct word, + position.
        inputs.embed(words, positions: positions, into: x.pointer)
        sameWord = p.config.sameWordBias ? chunks.map { chunk in
            let rows = words.dropFirst(chunk.start).prefix(chunk.count)
            return SameWordPairs(chunk: rows.map { WordForm.of($0.text) }, memory: chunk.memory.map { bank.forms[$0] })
        } : []
        for l in 0..<L { block(l, chunks: chunks, bank: bank) }
        layerNormForwardFast(out: lnf.pointer, inp: x.pointer, weight: p.lnfWeight.pointer, bias: p.lnfBias.pointer, T: n, C: d)
        linearForward(out: logits.pointer, inp: lnf.pointer, weight: p.headWeight.pointer, bias: p.headBias.pointer, T: n, C: d, OC: K)
        if p.config.memoryVariant == .learned {
            gemm(transA: false, transB: false, m: n, n: 1, k: d, a: lnf.pointer, lda: d,
                 b: p.scoreWeight.pointer, ldb: 1, c: wordScores.pointer, ldc: 1)
            for t in 0..<n { wordScores[t] += p.scoreBias[0] }
        }
    }

    /// Block l over all rows: x ← x + attn(LN₁(x)), then x ← x + MLP(LN₂(x)).
    private func block(_ l: Int, chunks: [BatchedChunk], bank: MemoryBank) {
        let w = parameters.blocks[l], n = rows
        if keepsStates { states[l].pointer.update(from: x.pointer, count: n * d) }
        layerNormForwardFast(out: normed.pointer, inp: x.pointer, weight: w.ln1Weight.pointer, bias: w.ln1Bias.pointer, T: n, C: d)
        linearForward(out: qkv.pointer, inp: normed.pointer, weight: w.qkvWeight.pointer, bias: w.qkvBias.pointer, T: n, C: d, OC: 3 * d)
        for (index, chunk) in chunks.enumerated() {
            attend(l, chunk: chunk, bank: bank, weights: w, sameWord: sameWord.isEmpty ? .none : sameWord[index])
        }
        linearForward(out: middle.pointer, inp: attention.pointer, weight: w.attentionProjWeight.pointer,
                      bias: w.attentionProjBias.pointer, T: n, C: d, OC: d)
        addVectorised(middle.pointer, x.pointer, N: n * d)
        layerNormForwardFast(out: normed.pointer, inp: middle.pointer, weight: w.ln2Weight.pointer, bias: w.ln2Bias.pointer, T: n, C: d)
        linearForward(out: hidden.pointer, inp: normed.pointer, weight: w.fcWeight.pointer, bias: w.fcBias.pointer, T: n, C: d, OC: H)
        geluForwardFast(out: hidden.pointer, inp: hidden.pointer, N: n * H)
        linearForward(out: x.pointer, inp: hidden.pointer, weight: w.fcProjWeight.pointer, bias: w.fcProjBias.pointer, T: n, C: H, OC: d)
        addVectorised(x.pointer, middle.pointer, N: n * d)
    }

    /// Attention of one chunk's T queries over its Tk = T + Mk + 1 keys (chunk, memory, null),
    /// writing the chunk's rows of `attention` (T, d).
    private func attend(_ l: Int, chunk: BatchedChunk, bank: MemoryBank, weights w: BlockParameters, sameWord: SameWordPairs) {
        let T = chunk.count, Mk = chunk.memory.count, Tk = T + Mk + 1, dh = d / NH
        let scale = 1 / Float(dh).squareRoot(), width = 2 * R + 2
        let q = qkv.pointer + chunk.start * 3 * d
        // keys, values (Tk, d) = [chunk rows ; memory entries ; null].
        for t in 0..<T {
            (keys.pointer + t * d).update(from: q + t * 3 * d + d, count: d)
            (values.pointer + t * d).update(from: q + t * 3 * d + 2 * d, count: d)
        }
        for (j, entry) in chunk.memory.enumerated() {
            (keys.pointer + (T + j) * d).update(from: bank.keys.pointer + (l * bank.count + entry) * d, count: d)
            (values.pointer + (T + j) * d).update(from: bank.values.pointer + (l * bank.count + entry) * d, count: d)
        }
        (keys.pointer + (T + Mk) * d).update(from: w.nullKey.pointer, count: d)
        (values.pointer + (T + Mk) * d).update(from: w.nullValue.pointer, count: d)
        let out = attention.pointer + chunk.start * d, p = probs.pointer
        for h in 0..<NH {
            let other = w.relativeBias[h * width + 2 * R + 1]
            for (j, entry) in chunk.memory.enumerated() { memoryBias[j] = other + bank.scores[entry] }
            // The relative table (T, C) over the chunk keys, or, with same-word pairs, the
            // pair bias (T, T + Mk): that table, 0 on memory keys, plus η_h at each pair.
            var relative = UnsafePointer(relativeBias.pointer + (l * NH + h) * C * C), ldr = C, columns = T
            if let eta = w.sameWordBias, sameWord.count > 0 {
                columns = T + Mk; ldr = columns
                for i in 0..<T {
                    (pairBias.pointer + i * ldr).update(from: relative + i * C, count: T)
                    (pairBias.pointer + i * ldr + T).update(repeating: 0, count: Mk)
                }
                for (i, j) in zip(sameWord.queries, sameWord.keys) { pairBias[Int(i) * ldr + Int(j)] += eta[h] }
                relative = UnsafePointer(pairBias.pointer)
            }
            if fusedAttention {
                attentionHead16(q: q + h * dh, ldq: 3 * d, k: keys.pointer + h * dh, v: values.pointer + h * dh, ldkv: d,
                                T: T, Tk: Tk, scale: scale, relative: relative, ldr: ldr, relativeColumns: columns,
                                memoryBias: memoryBias.pointer, Mk: Mk, out: out + h * dh, ldo: d, work: fusedWork.pointer)
                continue
            }
            // logits (T, Tk) = scale · q_h k_hᵀ + relative (and same-word) bias + (memory-key bias + key score); softmax by row.
            gemm(transA: false, transB: true, m: T, n: Tk, k: dh, alpha: scale, a: q + h * dh, lda: 3 * d,
                 b: keys.pointer + h * dh, ldb: d, c: p, ldc: Tk)
            for i in 0..<T {
                addVectorised(p + i * Tk, relative + i * ldr, N: columns)
                addVectorised(p + i * Tk + T, memoryBias.pointer, N: Mk)
            }
            softmaxRowsFast(p, rows: T, n: Tk)
            // out_h (T, dh) = P (T, Tk) · v_h (Tk, dh)
            gemm(transA: false, transB: false, m: T, n: dh, k: Tk, a: p, lda: Tk, b: values.pointer + h * dh, ldb: d,
                 c: out + h * dh, ldc: d)
        }
    }
}
