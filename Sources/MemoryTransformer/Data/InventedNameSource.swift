// The interface shared by the generators of invented names, so the document builder can
// draw names the same way whichever generator the task variant uses.
import Kernels

/// A source of fresh capitalised invented words, never repeating one.
protocol InventedNameSource {
    /// A capitalised word not returned before by this source and not in the task's vocabulary.
    mutating func next(using rng: inout SeededGenerator) -> String
}
