// Memory entries packed for the encoder: per-layer states as contiguous matrices so
// each layer projects all memory keys and values with one GEMM.
import Kernels

/// The memory a chunk attends to, packed layer-major.
public struct MemoryKeys: @unchecked Sendable {
    /// Number of memory entries (Mk).
    public let count: Int
    /// (L, Mk, d): block inputs of each entry, layer-major.
    public let states: Tensor
    /// (Mk, d): the representations the importance scores are a linear map of.
    public let scoreInputs: Tensor
    /// (Mk): each entry's `WordForm`, for the same-word bias.
    public let forms: [UInt64]

    /// Packs `entries`; each entry's states are (L, d) and scoreInput (d).
    public init(entries: [MemoryEntry], layers: Int, d: Int) {
        count = entries.count
        states = Tensor(shape: [layers, count, d])
        scoreInputs = Tensor(shape: [count, d])
        forms = entries.map { WordForm.of($0.word) }
        for (j, entry) in entries.enumerated() {
            precondition(entry.states.count == layers * d && entry.scoreInput.count == d,
                         "memory entry has \(entry.states.count) state values, expected \(layers * d)")
            for l in 0..<layers {
                for i in 0..<d { states[(l * count + j) * d + i] = entry.states[l * d + i] }
            }
            for i in 0..<d { scoreInputs[j * d + i] = entry.scoreInput[i] }
        }
    }

    /// No memory.
    public static func empty(layers: Int, d: Int) -> MemoryKeys {
        MemoryKeys(entries: [], layers: layers, d: d)
    }
}
