// Analytic FLOP count of memtx's forward pass (multiply-add = 2 FLOPs), the numerator of
// "achieved GFLOP/s". Counts model FLOPs, not hardware FLOPs: the QKV projection of the T
// chunk rows, attention logits and values over Tk = T + Mk + 1 keys, the output
// projection, the MLP and the label head. Left out: the memory rows' LayerNorm and K/V
// projections (fixed per memory entry, so a cache can skip them), embeddings, LayerNorms,
// softmax and GELU (not matrix products).
import MemoryTransformer

enum BenchModelFlops {
    /// FLOPs of one chunk of T words attending to Mk memory entries.
    static func chunk(T: Int, Mk: Int, config: ModelConfig) -> Double {
        let d = Double(config.dModel), H = Double(config.mlpHidden), K = Double(config.labels.count)
        let t = Double(T), keys = Double(T + Mk + 1)
        let perLayer = 2 * t * d * 3 * d      // QKV of the chunk rows
            + 2 * 2 * t * keys * d            // logits Q·Kᵀ and values P·V, all heads
            + 2 * t * d * d                   // output projection
            + 2 * 2 * t * d * H               // MLP up and down
        return Double(config.layers) * perLayer + 2 * t * d * K
    }

    /// FLOPs of labelling N words with both passes: chunk k is read through its window (the
    /// chunk and up to K context words each side, `ChunkWindow`); pass 1 sees min(M, k·C)
    /// memory entries; pass 2 is counted with the full memory (an upper bound by at most the
    /// entries a window holds itself). The `full` variant is one chunk of N words.
    static func document(words N: Int, config: ModelConfig, full: Bool) -> Double {
        if full { return chunk(T: N, Mk: 0, config: config) }
        let C = config.chunkSize, M = config.memorySize, K = config.contextWords
        var total = 0.0
        var start = 0, k = 0
        while start < N {
            let T = min(C, N - start), window = min(start + T + K, N) - max(start - K, 0)
            total += chunk(T: window, Mk: min(M, k * C), config: config)   // pass 1
            total += chunk(T: window, Mk: min(M, N - T), config: config)   // pass 2
            start += T; k += 1
        }
        return total
    }
}

extension BenchModelFlops {
    /// Bytes the `full` baseline's forward keeps for attention: probabilities (NH, N, N+1)
    /// per block plus one transient relative-bias matrix of the same size.
    static func fullAttentionBytes(words N: Int, config: ModelConfig) -> Double {
        Double(config.layers + 1) * Double(config.heads) * Double(N) * Double(N + 1) * 4
    }
}
