// SafeTensors: writer for the published safetensors layout (huggingface/safetensors, "Format").
//   [8 bytes: N, little-endian u64] [N bytes: UTF-8 JSON header, space-padded]
//   [data buffer: little-endian tensors, contiguous, in the order given]
// The header maps each name to {"data_offsets":[begin,end],"dtype":"F32","shape":[…]},
// offsets relative to the start of the data buffer, plus optional "__metadata__". Tensors
// asked for in half precision are written as dtype "F16" (IEEE-754 binary16, rounded to
// nearest) and read back as Float.
// Output is deterministic: keys sorted by UTF-8 bytes, no whitespace, padding to 8 bytes.
// Decoding lives in SafeTensorsDecoding.swift.
import Foundation
import Kernels

/// Reading and writing the safetensors file format (float32 tensors, and float16 ones
/// read into and written from Float).
public enum SafeTensors {
    /// The dtype of every tensor not asked for in half precision.
    public static let dtype = "F32"
    /// The dtype of the tensors stored in half precision.
    public static let halfDtype = "F16"
    /// The reserved header key holding string-to-string metadata.
    public static let metadataKey = "__metadata__"
    /// The data buffer starts at a multiple of this many bytes (the header is space-padded).
    public static let alignment = 8

    /// Serialises `tensors` (data laid out in the given order) and `metadata` to safetensors bytes;
    /// the tensors named in `halfPrecision` are stored as F16 (rounded to nearest).
    ///
    /// - Throws: `CheckpointError.invalidTensorName` for an empty, reserved or repeated name.
    public static func encode(
        _ tensors: [(name: String, tensor: Tensor)], metadata: [String: String], halfPrecision: Set<String> = []
    ) throws -> Data {
        var seen = Set<String>()
        var entries: [(key: String, value: JSONValue)] = []
        var offset = 0
        for (name, tensor) in tensors {
            if name.isEmpty { throw CheckpointError.invalidTensorName(name: name, reason: "the name is empty") }
            if name == metadataKey {
                throw CheckpointError.invalidTensorName(name: name, reason: "\(metadataKey) is reserved for metadata")
            }
            guard seen.insert(name).inserted else {
                throw CheckpointError.invalidTensorName(name: name, reason: "two tensors have this name")
            }
            let half = halfPrecision.contains(name)
            let end = offset + tensor.count * (half ? 2 : 4)
            entries.append((name, .object([
                ("data_offsets", .array([.number(String(offset)), .number(String(end))])),
                ("dtype", .string(half ? halfDtype : dtype)),
                ("shape", .array(tensor.shape.map { .number(String($0)) })),
            ])))
            offset = end
        }
        if !metadata.isEmpty {
            let members = metadata.sorted { utf8Less($0.key, $1.key) }.map { (key: $0.key, value: JSONValue.string($0.value)) }
            entries.append((metadataKey, .object(members)))
        }
        entries.sort { utf8Less($0.key, $1.key) }

        var header = Array(JSONValue.object(entries).serialized.utf8)
        let padding = (alignment - (8 + header.count) % alignment) % alignment
        header.append(contentsOf: repeatElement(0x20, count: padding))

        var out = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        for (name, tensor) in tensors {
            if halfPrecision.contains(name) { appendHalfLittleEndian(tensor, to: &out) } else { appendLittleEndian(tensor, to: &out) }
        }
        return out
    }

    /// Appends the tensor's floats as little-endian IEEE-754 binary32, bit for bit.
    private static func appendLittleEndian(_ tensor: Tensor, to out: inout Data) {
        guard tensor.count > 0 else { return }
        var bytes = [UInt8](repeating: 0, count: tensor.count * 4)
        bytes.withUnsafeMutableBytes { raw in
            for i in 0..<tensor.count {
                raw.storeBytes(of: tensor.pointer[i].bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self)
            }
        }
        out.append(contentsOf: bytes)
    }

    /// Appends the tensor's floats rounded to IEEE-754 binary16, little-endian.
    private static func appendHalfLittleEndian(_ tensor: Tensor, to out: inout Data) {
        guard tensor.count > 0 else { return }
        var bytes = [UInt8](repeating: 0, count: tensor.count * 2)
        bytes.withUnsafeMutableBytes { raw in
            for i in 0..<tensor.count {
                raw.storeBytes(of: Float16(tensor.pointer[i]).bitPattern.littleEndian, toByteOffset: i * 2, as: UInt16.self)
            }
        }
        out.append(contentsOf: bytes)
    }

    /// Byte-wise UTF-8 ordering: the same on every platform and locale.
    static func utf8Less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
