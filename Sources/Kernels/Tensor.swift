// Tensor: a contiguous, row-major block of Float with a shape.
// Reference semantics (like a framework tensor): kernels read and write through
// `pointer`. Deliberately no autograd, no broadcasting, no views: layers are explicit
// forward/backward pairs over raw pointers (see the other files of this module).
// Lifetime: `pointer` is valid while the tensor is referenced. Bind a tensor to a name
// before passing its pointer to a kernel; `Tensor(...).pointer` on a temporary dangles.
// Thread-safety: none. A tensor has one owner that mutates it; concurrent readers
// are fine once no one writes.

/// A contiguous row-major `Float` buffer with a shape.
public final class Tensor: @unchecked Sendable {
    /// Dimensions, outermost first, e.g. `[T, C]`.
    public let shape: [Int]
    /// Number of elements (product of `shape`).
    public let count: Int
    /// Storage: `count` floats, zero-initialised, owned by this tensor.
    public let pointer: UnsafeMutablePointer<Float>

    /// A zero-filled tensor of the given shape.
    public init(shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        self.pointer.initialize(repeating: 0, count: max(count, 1))
    }

    /// A tensor holding a copy of `values`; `values.count` must equal the shape's product.
    public convenience init(shape: [Int], values: [Float]) {
        self.init(shape: shape)
        precondition(values.count == count, "\(values.count) values for shape \(shape)")
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
    }

    deinit { pointer.deallocate() }

    /// A copy of the contents.
    public var values: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// Element access by flat index.
    public subscript(index: Int) -> Float {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }

    /// Sets every element to zero.
    public func zero() { pointer.update(repeating: 0, count: count) }

    /// Copies the contents of `other`, which must have the same element count.
    public func copy(from other: Tensor) {
        precondition(other.count == count, "copy of \(other.shape) into \(shape)")
        pointer.update(from: other.pointer, count: count)
    }

    /// A deep copy.
    public func clone() -> Tensor {
        let result = Tensor(shape: shape)
        result.copy(from: self)
        return result
    }

    /// Pointer to row `row` of a tensor viewed as `(shape[0], rest)`.
    public func row(_ row: Int) -> UnsafeMutablePointer<Float> {
        pointer + row * (count / max(shape[0], 1))
    }
}

extension Tensor {
    /// Rounds every element to the nearest IEEE-754 binary16 value (what an F16 checkpoint keeps).
    public func roundToHalfPrecision() {
        for i in 0..<count { pointer[i] = Float(Float16(pointer[i])) }
    }
}
