// The keys, values and key biases of a set of memory entries, per layer, computed once:
// a memory entry's keys and values depend only on its stored states, so pass 2 (fixed
// final memory) projects them once per document instead of once per chunk, and pass 1
// (a memory that changes by a few entries per chunk) projects only the entries that are
// new since the previous chunk's bank. Forward only.
import Kernels

/// Per-layer keys and values of memory entries, ready for attention.
public final class MemoryBank {
    /// Number of entries (Me).
    public let count: Int
    /// Chunk each entry was read in (−1: another document's, the eval control).
    public let chunks: [Int]
    /// Document position of each entry (what identifies it between banks).
    let positions: [Int]
    /// (L, Me, d) each: k and v columns of LN₁(states_l + e_mem[l]) · W_qkvᵀ + b_qkv.
    let keys: Tensor, values: Tensor
    /// (Me): s_j = w_s · r_j + b_s in the learned variant, else 0.
    let scores: Tensor
    /// (Me): each entry's `WordForm` when the model has the same-word bias, else empty.
    let forms: [UInt64]

    /// Projects `entries` with `parameters` (the same arithmetic as ChunkPass's memory rows).
    /// Entries already in `previous` (same document position) are copied from it instead.
    public init(entries: [MemoryEntry], parameters: ModelParameters, reusing previous: MemoryBank? = nil) {
        let config = parameters.config
        let Me = entries.count, d = config.dModel, L = config.layers
        count = Me
        chunks = entries.map(\.chunk)
        positions = entries.map(\.position)
        // An entry kept from `previous` keeps its form: only new entries are normalised.
        forms = !config.sameWordBias ? [] : entries.map { entry in
            guard let previous, !previous.forms.isEmpty, let old = previous.positions.firstIndex(of: entry.position)
            else { return WordForm.of(entry.word) }
            return previous.forms[old]
        }
        keys = Tensor(shape: [L, Me, d]); values = Tensor(shape: [L, Me, d])
        scores = Tensor(shape: [Me])
        var fresh: [Int] = []
        for (j, entry) in entries.enumerated() {
            guard let previous, let old = previous.positions.firstIndex(of: entry.position) else {
                fresh.append(j)
                continue
            }
            for l in 0..<L {
                (keys.pointer + (l * Me + j) * d).update(from: previous.keys.pointer + (l * previous.count + old) * d, count: d)
                (values.pointer + (l * Me + j) * d).update(from: previous.values.pointer + (l * previous.count + old) * d, count: d)
            }
            scores[j] = previous.scores[old]
        }
        project(fresh.map { entries[$0] }, into: fresh, parameters: parameters)
    }

    /// Projects `entries` into rows `rows` of keys, values and scores, one entry per product
    /// (m = 1), so an entry's keys are bit-for-bit the same whichever entries it is projected
    /// with: labels do not depend on how a document was split into requests or pages.
    private func project(_ entries: [MemoryEntry], into rows: [Int], parameters: ModelParameters) {
        let config = parameters.config
        let n = entries.count, d = config.dModel, L = config.layers, Me = count
        guard n > 0 else { return }
        let packed = MemoryKeys(entries: entries, layers: L, d: d)
        let input = Tensor(shape: [d]), normed = Tensor(shape: [d]), qkv = Tensor(shape: [3 * d]), score = Tensor(shape: [1])
        for (j, row) in rows.enumerated() {
            if config.memoryVariant == .learned {
                gemm(transA: false, transB: false, m: 1, n: 1, k: d, a: packed.scoreInputs.pointer + j * d, lda: d,
                     b: parameters.scoreWeight.pointer, ldb: 1, c: score.pointer, ldc: 1)
                scores[row] = score[0] + parameters.scoreBias[0]
            }
            for l in 0..<L {
                let w = parameters.blocks[l], src = packed.states.pointer + (l * n + j) * d
                for i in 0..<d { input[i] = src[i] + w.memoryType[i] }
                layerNormForward(out: normed.pointer, mean: nil, rstd: nil, inp: input.pointer,
                                 weight: w.ln1Weight.pointer, bias: w.ln1Bias.pointer, T: 1, C: d)
                linearForward(out: qkv.pointer, inp: normed.pointer, weight: w.qkvWeight.pointer, bias: w.qkvBias.pointer,
                              T: 1, C: d, OC: 3 * d)
                (keys.pointer + (l * Me + row) * d).update(from: qkv.pointer + d, count: d)
                (values.pointer + (l * Me + row) * d).update(from: qkv.pointer + 2 * d, count: d)
            }
        }
    }

    /// Indices of the entries `window` reads, in order: all but its own words'
    /// (`ChunkWindow.readable`; with no context words, the entries not read in its chunk).
    public func readable(in window: ChunkWindow) -> [Int] {
        chunks.indices.filter { chunks[$0] < 0 || !window.words.contains(positions[$0]) }
    }
}
