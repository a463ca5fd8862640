// The intermediate label loss (training only, `TrainingConfig.intermediateLossWeight`):
// each block's output below the last, x_1 … x_{L−1}, is read by the model's own final
// LayerNorm and label head as if it were the last, and scored by cross-entropy against
// the chunk's targets. Why: a memory entry keeps a word's states x_0 … x_{L−1}, and block
// l reads the memory through x_l; with L = 2 the type of a name reaches a later mention
// only if block 0 already put it into the name's x_1. A run whose first block leaves the
// typing to the last one keeps every needed name and still cannot read it (issue 15's
// failing seeds); this loss asks every block to type what it can. No new weights; at
// inference nothing changes.
import Kernels

extension ChunkPass {
    /// The readout of block `l`'s output (l < L − 1): (LayerNorm activations, logits).
    private func intermediateReadout(_ l: Int) -> (ln: Tensor, mean: Tensor, rstd: Tensor, logits: Tensor) {
        let p = parameters
        let ln = Tensor(shape: [T, d]), mean = Tensor(shape: [T]), rstd = Tensor(shape: [T]), logits = Tensor(shape: [T, K])
        layerNormForward(out: ln.pointer, mean: mean.pointer, rstd: rstd.pointer, inp: blocks[l].output.pointer,
                         weight: p.lnfWeight.pointer, bias: p.lnfBias.pointer, T: T, C: d)
        linearForward(out: logits.pointer, inp: ln.pointer, weight: p.headWeight.pointer, bias: p.headBias.pointer,
                      T: T, C: d, OC: K)
        return (ln, mean, rstd, logits)
    }

    /// Summed cross-entropy of the labels read off x_1 … x_{L−1} (0 for one block).
    public func intermediateLoss() -> Double {
        guard T > 0 else { return 0 }
        return (0..<(L - 1)).reduce(0.0) { sum, l in
            let probabilities = Tensor(shape: [T, K]), logits = intermediateReadout(l).logits
            let result = withExtendedLifetime(logits) {
                input.targets.withUnsafeBufferPointer { targets in
                    crossEntropyForward(probs: probabilities.pointer, logits: logits.pointer, targets: targets.baseAddress!, T: T, K: K)
                }
            }
            return sum + result.lossSum
        }
    }

    /// Accumulates into `gradients` (final LayerNorm, label head) the gradient of
    /// scale · `intermediateLoss()`, and returns its gradient with respect to each block's
    /// output: element l (T, d) is ∂/∂x_{l+1}, for l < L − 1.
    func intermediateLossBackward(into gradients: ModelParameters, scale: Float) -> [Tensor] {
        let p = parameters, g = gradients
        return (0..<(L - 1)).map { l in
            let readout = intermediateReadout(l)
            let probabilities = Tensor(shape: [T, K]), dLogits = Tensor(shape: [T, K])
            let dLn = Tensor(shape: [T, d]), dOutput = Tensor(shape: [T, d])
            guard T > 0 else { return dOutput }
            defer { withExtendedLifetime(readout) {} }
            input.targets.withUnsafeBufferPointer { targets in
                _ = crossEntropyForward(probs: probabilities.pointer, logits: readout.logits.pointer,
                                        targets: targets.baseAddress!, T: T, K: K)
                crossEntropyBackward(dLogits: dLogits.pointer, probs: probabilities.pointer,
                                     targets: targets.baseAddress!, lossScale: scale, T: T, K: K)
            }
            linearBackward(dInp: dLn.pointer, dWeight: g.headWeight.pointer, dBias: g.headBias.pointer,
                           dOut: dLogits.pointer, inp: readout.ln.pointer, weight: p.headWeight.pointer, T: T, C: d, OC: K)
            layerNormBackward(dInp: dOutput.pointer, dWeight: g.lnfWeight.pointer, dBias: g.lnfBias.pointer,
                              dOut: dLn.pointer, inp: blocks[l].output.pointer, weight: p.lnfWeight.pointer,
                              mean: readout.mean.pointer, rstd: readout.rstd.pointer, T: T, C: d)
            return dOutput
        }
    }
}
