// The backward pass of one chunk: cross-entropy (or a CRF's chain likelihood) on its
// labels back through head, blocks (including the memory rows' keys and values, the null
// slot and the memory-type embedding) to the embeddings, and through the key bias into the
// importance-score projection: the poster's training trick; optionally also the scores'
// own auxiliary keep loss (KeepTargets.swift) and the intermediate label loss
// (ChunkPass+IntermediateLoss.swift). Memory states themselves are constants
// (pass 1 ran without gradients). Gradients are ADDED into `gradients`.
import Foundation
import Kernels

extension ChunkPass {
    /// Loss of this chunk's targets: (summed cross-entropy, number of labelled words),
    /// and the probabilities (T, K) the backward starts from. With a CRF (`ModelConfig.crf`)
    /// the sum is the chain's negative log-likelihood of the targets (`LinearChainCRF`), its
    /// gradients are kept for `backward`, and the softmax probabilities returned are unused.
    public func loss() -> (sum: Double, count: Int, probabilities: Tensor) {
        let probabilities = Tensor(shape: [T, K])
        let result = input.targets.withUnsafeBufferPointer { targets in
            crossEntropyForward(probs: probabilities.pointer, logits: logits.pointer,
                                targets: targets.baseAddress!, T: T, K: K)
        }
        guard let transitions = parameters.labelTransitions, T > 0 else { return (result.lossSum, result.count, probabilities) }
        let chain = LinearChainCRF.loss(logits: logits.pointer, T: T, K: K, transitions: transitions.pointer, targets: input.targets)
        crfGradients = (chain.dLogits, chain.dTransitions)
        return (chain.loss, result.count, probabilities)
    }

    /// Summed logistic loss of the chunk's importance scores against `input.keepTargets`:
    /// Σ_t −[y_t log σ(s_t) + (1 − y_t) log(1 − σ(s_t))] over the words with y_t ≥ 0
    /// (a negative target, a context word's, is ignored; 0 without targets).
    public func keepLoss() -> Double {
        zip(input.keepTargets, wordScores.values).reduce(0.0) { sum, pair in
            let (y, s) = (Double(pair.0), Double(pair.1))
            guard y >= 0 else { return sum }
            return sum + max(s, 0) - s * y + log1p(exp(-abs(s)))   // stable softplus form
        }
    }

    /// Accumulates into `gradients` the gradient of lossScale · Σ cross-entropy
    /// + keepLossScale · `keepLoss()` (learned variant with keep targets)
    /// + intermediateLossScale · `intermediateLoss()`.
    public func backward(into gradients: ModelParameters, probabilities: Tensor, lossScale: Float,
                         keepLossScale: Float = 0, intermediateLossScale: Float = 0) {
        let p = parameters, g = gradients
        let dLogits = Tensor(shape: [T, K])
        if let transitions = g.labelTransitions {
            precondition(crfGradients != nil || T == 0, "a CRF model's backward needs loss() first")
            if let (dChain, dTransitions) = crfGradients {
                for i in 0..<T * K { dLogits[i] = lossScale * dChain[i] }
                for i in 0..<K * K { transitions[i] += lossScale * dTransitions[i] }
            }
        } else {
            input.targets.withUnsafeBufferPointer { targets in
                crossEntropyBackward(dLogits: dLogits.pointer, probs: probabilities.pointer,
                                     targets: targets.baseAddress!, lossScale: lossScale, T: T, K: K)
            }
        }
        let dLnf = Tensor(shape: [T, d])
        linearBackward(dInp: dLnf.pointer, dWeight: g.headWeight.pointer, dBias: g.headBias.pointer,
                       dOut: dLogits.pointer, inp: headInput.pointer, weight: p.headWeight.pointer, T: T, C: d, OC: K)
        if let dropout { dropoutBackward(dInp: dLnf.pointer, dOut: dLnf.pointer, mask: dropout.head.pointer, N: T * d) }
        // The keep loss: s_t = w_s · z_t + b_s reads the undropped z; ds_t = scale · (σ(s_t) − y_t).
        if addsScores && keepLossScale != 0 && !input.keepTargets.isEmpty {
            for t in 0..<T where input.keepTargets[t] >= 0 {
                let ds = keepLossScale * (1 / (1 + exp(-wordScores[t])) - input.keepTargets[t])
                let z = lnf.pointer + t * d, dz = dLnf.pointer + t * d
                g.scoreBias[0] += ds
                for i in 0..<d {
                    g.scoreWeight[i] += ds * z[i]
                    dz[i] += ds * p.scoreWeight[i]
                }
            }
        }
        var dStream = Tensor(shape: [T, d])
        let lastOutput = blocks.last!.output
        layerNormBackward(dInp: dStream.pointer, dWeight: g.lnfWeight.pointer, dBias: g.lnfBias.pointer,
                          dOut: dLnf.pointer, inp: lastOutput.pointer, weight: p.lnfWeight.pointer,
                          mean: lnfMean.pointer, rstd: lnfRstd.pointer, T: T, C: d)
        let dKeyBias = Tensor(shape: [Tk])
        let dIntermediate = intermediateLossScale != 0 ? intermediateLossBackward(into: g, scale: intermediateLossScale) : []
        for l in stride(from: L - 1, through: 0, by: -1) {
            // dStream is ∂/∂(block l's output); below the last block the readout adds its own.
            if l < dIntermediate.count { residualForward(out: dStream.pointer, a: dStream.pointer, b: dIntermediate[l].pointer, N: T * d) }
            let x = l == 0 ? embedded : blocks[l - 1].output
            dStream = blockBackward(l, dOutput: dStream, x: x, gradients: g, dKeyBias: dKeyBias)
        }
        // Importance scores: s_j = w · r_j + b entered every layer's logits as key bias.
        if addsScores {
            for j in 0..<Mk {
                let ds = dKeyBias[T + j], r = memory.scoreInputs.pointer + j * d
                g.scoreBias[0] += ds
                for i in 0..<d { g.scoreWeight[i] += ds * r[i] }
            }
        }
        if let dropout { dropoutBackward(dInp: dStream.pointer, dOut: dStream.pointer, mask: dropout.embedded.pointer, N: T * d) }
        embedBackward(dEmbedded: dStream, gradients: g)
    }

    /// Backward of one block; returns dx_l (T, d) from dx_{l+1} (T, d).
    private func blockBackward(
        _ l: Int, dOutput: Tensor, x: Tensor, gradients g: ModelParameters, dKeyBias: Tensor
    ) -> Tensor {
        let w = parameters.blocks[l], gw = g.blocks[l], a = blocks[l], rows = T + Mk
        // output = middle + fcProj(gelu(fc(ln2(middle))))
        let dMiddle = dOutput.clone()
        let dFcGelu = Tensor(shape: [T, H]), dFc = Tensor(shape: [T, H]), dLn2 = Tensor(shape: [T, d])
        let dMlpBranch = masked(dOutput, dropout?.mlp[l])
        linearBackward(dInp: dFcGelu.pointer, dWeight: gw.fcProjWeight.pointer, dBias: gw.fcProjBias.pointer,
                       dOut: dMlpBranch.pointer, inp: a.fcGelu.pointer, weight: w.fcProjWeight.pointer, T: T, C: H, OC: d)
        geluBackward(dInp: dFc.pointer, inp: a.fc.pointer, dOut: dFcGelu.pointer, N: T * H)
        linearBackward(dInp: dLn2.pointer, dWeight: gw.fcWeight.pointer, dBias: gw.fcBias.pointer,
                       dOut: dFc.pointer, inp: a.ln2.pointer, weight: w.fcWeight.pointer, T: T, C: d, OC: H)
        layerNormBackward(dInp: dMiddle.pointer, dWeight: gw.ln2Weight.pointer, dBias: gw.ln2Bias.pointer,
                          dOut: dLn2.pointer, inp: a.middle.pointer, weight: w.ln2Weight.pointer,
                          mean: a.ln2Mean.pointer, rstd: a.ln2Rstd.pointer, T: T, C: d)
        // middle = x + proj(attention)
        let dX = dMiddle.clone()
        let dAttention = Tensor(shape: [T, d])
        let dAttentionBranch = masked(dMiddle, dropout?.attention[l])
        linearBackward(dInp: dAttention.pointer, dWeight: gw.attentionProjWeight.pointer,
                       dBias: gw.attentionProjBias.pointer, dOut: dAttentionBranch.pointer, inp: a.attention.pointer,
                       weight: w.attentionProjWeight.pointer, T: T, C: d, OC: d)
        let dq = Tensor(shape: [T, d]), dk = Tensor(shape: [Tk, d]), dv = Tensor(shape: [Tk, d])
        let dLogits = Tensor(shape: [NH, T, Tk])
        attentionBackward(dq: dq.pointer, dk: dk.pointer, dv: dv.pointer, dKeyBias: dKeyBias.pointer,
                          dLogits: dLogits.pointer, dOut: dAttention.pointer, probs: a.probs.pointer,
                          q: a.q.pointer, k: a.k.pointer, v: a.v.pointer, Tq: T, Tk: Tk, D: d, NH: NH)
        // Relative-position bias: its gradient is dLogits at the chunk and memory keys.
        let R = parameters.config.relativeRange, width = 2 * R + 2
        for h in 0..<NH {
            for i in 0..<T {
                let row = dLogits.pointer + (h * T + i) * Tk, target = gw.relativeBias.pointer + h * width
                for j in 0..<T { target[min(max(j - i, -R), R) + R] += row[j] }
                for j in T..<(T + Mk) { target[2 * R + 1] += row[j] }
            }
        }
        // Same-word bias: dγ[h] is the sum of dLogits over the same-word pairs.
        if let gamma = gw.sameWordBias {
            for h in 0..<NH {
                let plane = dLogits.pointer + h * T * Tk
                for (i, j) in zip(sameWord.queries, sameWord.keys) { gamma[h] += plane[Int(i) * Tk + Int(j)] }
            }
        }
        // Scatter into dqkv (T + Mk, 3d); the null slot's gradient goes to its parameters.
        let dQkv = Tensor(shape: [rows, 3 * d])
        for t in 0..<T { (dQkv.pointer + t * 3 * d).update(from: dq.pointer + t * d, count: d) }
        for r in 0..<rows {
            (dQkv.pointer + r * 3 * d + d).update(from: dk.pointer + r * d, count: d)
            (dQkv.pointer + r * 3 * d + 2 * d).update(from: dv.pointer + r * d, count: d)
        }
        for i in 0..<d {
            gw.nullKey[i] += dk[rows * d + i]
            gw.nullValue[i] += dv[rows * d + i]
        }
        let dLn1 = Tensor(shape: [rows, d]), dInput = Tensor(shape: [rows, d])
        linearBackward(dInp: dLn1.pointer, dWeight: gw.qkvWeight.pointer, dBias: gw.qkvBias.pointer,
                       dOut: dQkv.pointer, inp: a.ln1.pointer, weight: w.qkvWeight.pointer, T: rows, C: d, OC: 3 * d)
        layerNormBackward(dInp: dInput.pointer, dWeight: gw.ln1Weight.pointer, dBias: gw.ln1Bias.pointer,
                          dOut: dLn1.pointer, inp: a.input.pointer, weight: w.ln1Weight.pointer,
                          mean: a.ln1Mean.pointer, rstd: a.ln1Rstd.pointer, T: rows, C: d)
        residualForward(out: dX.pointer, a: dX.pointer, b: dInput.pointer, N: T * d)
        // Memory rows: states are constants; the memory-type embedding gets the sum.
        for j in 0..<Mk {
            let row = dInput.pointer + (T + j) * d
            for i in 0..<d { gw.memoryType[i] += row[i] }
        }
        return dX
    }

    /// A branch's gradient (T, d) through its dropout mask: `gradient` itself without one.
    private func masked(_ gradient: Tensor, _ mask: Tensor?) -> Tensor {
        guard let mask else { return gradient }
        let result = Tensor(shape: gradient.shape)
        dropoutBackward(dInp: result.pointer, dOut: gradient.pointer, mask: mask.pointer, N: gradient.count)
        return result
    }

    /// The gradient (T, d) reaching the word rows: dx_0, with columns D..<d zeroed for each
    /// `vectorOnly` word (identity dropout hid them); dx_0 itself without identity dropout.
    private func wordRowGradient(_ dEmbedded: Tensor) -> Tensor {
        guard input.vectorOnly.contains(true) else { return dEmbedded }
        let D = min(input.pretrainedColumns, d), result = Tensor(shape: [T, d])
        result.pointer.update(from: dEmbedded.pointer, count: T * d)
        for (t, dropped) in input.vectorOnly.enumerated() where dropped {
            (result.pointer + t * d + D).update(repeating: 0, count: d - D)
        }
        return result
    }

    /// Scatters dx_0 (T, d) into the four embedding tables (only touched rows).
    private func embedBackward(dEmbedded: Tensor, gradients g: ModelParameters) {
        let f = input.features
        let dWord = wordRowGradient(dEmbedded)
        f.wordIDs.withUnsafeBufferPointer { ids in
            embeddingBackward(dTable: g.wordEmbedding.pointer, dOut: dWord.pointer, ids: ids.baseAddress!, T: T, C: d)
        }
        f.ngramOffsets.withUnsafeBufferPointer { offsets in
            f.ngramBuckets.withUnsafeBufferPointer { buckets in
                embeddingBagBackward(dTable: g.ngramEmbedding.pointer, dOut: dEmbedded.pointer,
                                     offsets: offsets.baseAddress!, buckets: buckets.baseAddress ?? offsets.baseAddress!,
                                     T: T, C: d)
            }
        }
        f.shapeIDs.withUnsafeBufferPointer { ids in
            embeddingBackward(dTable: g.shapeEmbedding.pointer, dOut: dEmbedded.pointer, ids: ids.baseAddress!, T: T, C: d)
        }
        input.positions.withUnsafeBufferPointer { ids in
            embeddingBackward(dTable: g.positionEmbedding.pointer, dOut: dEmbedded.pointer, ids: ids.baseAddress!, T: T, C: d)
        }
    }
}
