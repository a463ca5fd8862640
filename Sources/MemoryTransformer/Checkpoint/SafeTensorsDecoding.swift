// SafeTensors decoding: parses and validates untrusted safetensors bytes.
// Every check throws CheckpointError naming the file; nothing here traps on bad input:
// sizes are compared before any read, integers are range-checked, products overflow-checked.
import Foundation
import Kernels

extension SafeTensors {
    /// One tensor's header entry after validation.
    private struct Entry {
        let name: String
        let shape: [Int]
        /// Bytes per element: 4 (F32) or 2 (F16).
        let width: Int
        let begin: Int
        let end: Int
    }

    /// Parses safetensors bytes; `file` names the source in errors.
    ///
    /// Validates: the header length fits in the file, the header is JSON with unique keys,
    /// every dtype is F32 or F16, shape product × element size == end − begin, and the offsets tile the data
    /// buffer exactly (no gap, no overlap, nothing after the last tensor).
    /// - Throws: `CheckpointError.truncated` or `.corrupt` with `file` and the problem.
    public static func decode(
        _ data: Data, file: String
    ) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            func corrupt(_ reason: String) -> CheckpointError { .corrupt(path: file, reason: reason) }

            guard raw.count >= 8 else {
                throw CheckpointError.truncated(path: file, expectedBytes: 8, actualBytes: raw.count)
            }
            let declared = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
            guard declared <= UInt64(raw.count - 8) else {
                let expected = declared > UInt64(Int.max - 8) ? Int.max : Int(declared) + 8
                throw CheckpointError.truncated(path: file, expectedBytes: expected, actualBytes: raw.count)
            }
            let headerSize = Int(declared)
            let dataStart = 8 + headerSize
            let bufferSize = raw.count - dataStart

            let json: JSONValue
            do {
                json = try JSONParser.parse(Array(raw[8..<dataStart]))
            } catch let error as JSONSyntaxError {
                throw corrupt("header is not valid JSON: \(error.message) at header byte \(error.offset)")
            }
            guard case .object(let members) = json else { throw corrupt("header is not a JSON object") }

            var metadata: [String: String] = [:]
            var entries: [Entry] = []
            for (key, value) in members {
                if key == metadataKey {
                    metadata = try parseMetadata(value, corrupt: corrupt)
                } else {
                    entries.append(try parseEntry(key, value, corrupt: corrupt))
                }
            }

            // The offsets must tile [0, bufferSize) exactly.
            if let last = entries.map(\.end).max(), last > bufferSize {
                throw CheckpointError.truncated(path: file, expectedBytes: dataStart + last, actualBytes: raw.count)
            }
            var cursor = 0
            for entry in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
                if entry.begin < cursor {
                    throw corrupt("tensor \"\(entry.name)\" at bytes \(entry.begin)..<\(entry.end) overlaps the previous tensor (ends at \(cursor))")
                }
                if entry.begin > cursor {
                    throw corrupt("gap of \(entry.begin - cursor) bytes before tensor \"\(entry.name)\" at byte \(cursor)")
                }
                cursor = entry.end
            }
            if cursor != bufferSize {
                throw corrupt("\(bufferSize - cursor) bytes after the last tensor are not described by the header")
            }

            var tensors: [String: Tensor] = [:]
            for entry in entries {
                let tensor = Tensor(shape: entry.shape)
                let base = dataStart + entry.begin
                if entry.width == 2 {
                    for i in 0..<tensor.count {
                        let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: base + 2 * i, as: UInt16.self))
                        tensor.pointer[i] = Float(Float16(bitPattern: bits))
                    }
                } else {
                    for i in 0..<tensor.count {
                        let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 4 * i, as: UInt32.self))
                        tensor.pointer[i] = Float(bitPattern: bits)
                    }
                }
                tensors[entry.name] = tensor
            }
            return (tensors, metadata)
        }
    }

    private static func parseMetadata(
        _ value: JSONValue, corrupt: (String) -> CheckpointError
    ) throws -> [String: String] {
        guard case .object(let pairs) = value else { throw corrupt("\(metadataKey) is not a JSON object") }
        var metadata: [String: String] = [:]
        for (key, value) in pairs {
            guard case .string(let text) = value else { throw corrupt("metadata \"\(key)\" is not a string") }
            metadata[key] = text
        }
        return metadata
    }

    private static func parseEntry(
        _ name: String, _ value: JSONValue, corrupt: (String) -> CheckpointError
    ) throws -> Entry {
        guard case .object(let fields) = value else { throw corrupt("tensor \"\(name)\" is not a JSON object") }
        var dtypeText: String?
        var shape: [Int]?
        var offsets: [Int]?
        func integers(_ v: JSONValue, _ what: String) throws -> [Int] {
            guard case .array(let items) = v else { throw corrupt("tensor \"\(name)\": \(what) is not an array") }
            return try items.map { item in
                guard case .number(let text) = item, let n = Int(text), n >= 0 else {
                    throw corrupt("tensor \"\(name)\": \(what) holds something other than a non-negative integer")
                }
                return n
            }
        }
        for (key, field) in fields {
            switch key {
            case "dtype":
                guard case .string(let s) = field else { throw corrupt("tensor \"\(name)\": dtype is not a string") }
                dtypeText = s
            case "shape": shape = try integers(field, "shape")
            case "data_offsets": offsets = try integers(field, "data_offsets")
            default: throw corrupt("tensor \"\(name)\" has unknown field \"\(key)\"")
            }
        }
        guard let dtypeText, let shape, let offsets else {
            throw corrupt("tensor \"\(name)\" lacks one of dtype, shape, data_offsets")
        }
        guard dtypeText == dtype || dtypeText == halfDtype else {
            throw corrupt("tensor \"\(name)\" has dtype \(dtypeText); only \(dtype) and \(halfDtype) are supported")
        }
        let width = dtypeText == halfDtype ? 2 : 4
        guard offsets.count == 2, offsets[0] <= offsets[1] else {
            throw corrupt("tensor \"\(name)\": data_offsets must be [begin, end] with begin ≤ end, got \(offsets)")
        }
        // Multiply in order, like Tensor.init does, so Tensor's own product cannot overflow.
        var bytes = width
        for dim in shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: dim)
            if overflow { throw corrupt("tensor \"\(name)\": shape \(shape) is too large") }
            bytes = product
        }
        guard bytes == offsets[1] - offsets[0] else {
            throw corrupt("tensor \"\(name)\": shape \(shape) needs \(bytes) bytes but data_offsets span \(offsets[1] - offsets[0])")
        }
        return Entry(name: name, shape: shape, width: width, begin: offsets[0], end: offsets[1])
    }
}
