// How much each word of a chunk attended to each memory key: the attention
// probabilities kept by the forward pass, averaged over layers and heads.

extension ChunkPass {
    /// (Mk): word `t`'s attention weight on each memory key (in the order the memory
    /// entries were given to `encode`), averaged over the L layers and NH heads. Each
    /// layer's row sums to 1 over chunk keys, memory keys and the null key, so the
    /// result sums to at most 1.
    public func memoryAttention(ofWord t: Int) -> [Float] {
        precondition(t >= 0 && t < T, "word \(t) is not in this chunk of \(T) words")
        var weights = [Float](repeating: 0, count: Mk)
        let scale = 1 / Float(L * NH)
        for block in blocks {
            for h in 0..<NH {
                let row = block.probs.pointer + (h * T + t) * Tk   // probs: (NH, T, Tk)
                for j in 0..<Mk { weights[j] += row[T + j] * scale }
            }
        }
        return weights
    }
}
