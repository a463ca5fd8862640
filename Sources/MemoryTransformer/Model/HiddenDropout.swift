// Dropout inside the network, for training only: the masks of one chunk's forward pass.
// Four places, each a (T, d) mask: x_0 (the summed input embeddings), each block's attention
// branch and MLP branch just before they are added to the residual stream, and the final
// LayerNorm's output before the label head (the importance score reads the undropped
// output). Inference and pass 1 of training run without masks, so the forward pass of
// docs/MODEL.md (and the NumPy reference) is unchanged.
import Kernels

/// The dropout masks of one `ChunkPass` (drawn once, reused by its backward).
public struct HiddenDropoutMasks: Sendable {
    /// (T, d) on x_0.
    let embedded: Tensor
    /// L × (T, d) on each block's attention branch (after its output projection).
    let attention: [Tensor]
    /// L × (T, d) on each block's MLP branch (after its output projection).
    let mlp: [Tensor]
    /// (T, d) on the label head's input.
    let head: Tensor

    /// Masks for a chunk of `T` words: every entry dropped with probability `rate`.
    public init(rate: Float, T: Int, d: Int, layers: Int, generator: inout SeededGenerator) {
        func mask() -> Tensor { Tensor(shape: [T, d], values: dropoutMask(rate: rate, count: T * d, generator: &generator)) }
        embedded = mask()
        attention = (0..<layers).map { _ in mask() }
        mlp = (0..<layers).map { _ in mask() }
        head = mask()
    }
}
