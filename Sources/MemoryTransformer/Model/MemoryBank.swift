// The keys, values and key biases of a set of memory entries, per layer, computed once:
// a memory entry's keys and values depend only on its stored states, so pass 2 (fixed
// final memory) projects them once per document instead of once per chunk. Forward only.
import Kernels

/// Per-layer keys and values of memory entries, ready for attention.
public final class MemoryBank {
    /// Number of entries (Me).
    public let count: Int
    /// Chunk each entry was read in (pass 2 hides a chunk's own entries from it).
    public let chunks: [Int]
    /// (L, Me, d) each: k and v columns of LN₁(states_l + e_mem[l]) · W_qkvᵀ + b_qkv.
    let keys: Tensor, values: Tensor
    /// (Me): s_j = w_s · r_j + b_s in the learned variant, else 0.
    let scores: Tensor

    /// Projects `entries` with `parameters` (the same arithmetic as ChunkPass's memory rows).
    public init(entries: [MemoryEntry], parameters: ModelParameters) {
        let config = parameters.config
        let Me = entries.count, d = config.dModel, L = config.layers
        count = Me
        chunks = entries.map(\.chunk)
        keys = Tensor(shape: [L, Me, d]); values = Tensor(shape: [L, Me, d])
        scores = Tensor(shape: [Me])
        guard Me > 0 else { return }
        let packed = MemoryKeys(entries: entries, layers: L, d: d)
        if config.memoryVariant == .learned {
            gemm(transA: false, transB: false, m: Me, n: 1, k: d, a: packed.scoreInputs.pointer, lda: d,
                 b: parameters.scoreWeight.pointer, ldb: 1, c: scores.pointer, ldc: 1)
            for j in 0..<Me { scores[j] += parameters.scoreBias[0] }
        }
        let input = Tensor(shape: [Me, d]), normed = Tensor(shape: [Me, d]), qkv = Tensor(shape: [Me, 3 * d])
        for l in 0..<L {
            let w = parameters.blocks[l]
            for j in 0..<Me {
                let dst = input.pointer + j * d, src = packed.states.pointer + (l * Me + j) * d
                for i in 0..<d { dst[i] = src[i] + w.memoryType[i] }
            }
            layerNormForward(out: normed.pointer, mean: nil, rstd: nil, inp: input.pointer,
                             weight: w.ln1Weight.pointer, bias: w.ln1Bias.pointer, T: Me, C: d)
            linearForward(out: qkv.pointer, inp: normed.pointer, weight: w.qkvWeight.pointer, bias: w.qkvBias.pointer,
                          T: Me, C: d, OC: 3 * d)
            for j in 0..<Me {
                (keys.pointer + (l * Me + j) * d).update(from: qkv.pointer + j * 3 * d + d, count: d)
                (values.pointer + (l * Me + j) * d).update(from: qkv.pointer + j * 3 * d + 2 * d, count: d)
            }
        }
    }

    /// Indices of the entries not read in `chunk`, in order (what pass 2 shows that chunk).
    public func visible(toChunk chunk: Int) -> [Int] { chunks.indices.filter { chunks[$0] != chunk } }
}
