// SafeTensors layout: exact bytes against a hand-built file derived from the published format.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct SafeTensorsLayoutTests {
    @Test func encodesTheExactPublishedLayout() throws {
        let b = Tensor(shape: [2], values: [1.0, -2.0])
        let a = Tensor(shape: [1, 1], values: [0.5])
        let data = try SafeTensors.encode([(name: "b", tensor: b), (name: "a", tensor: a)], metadata: ["k": "v"])

        // Header: keys sorted ("__metadata__" < "a" < "b"), data laid out in the given order (b, then a).
        let json = #"{"__metadata__":{"k":"v"},"a":{"data_offsets":[8,12],"dtype":"F32","shape":[1,1]},"#
            + #""b":{"data_offsets":[0,8],"dtype":"F32","shape":[2]}}"#
        #expect(json.utf8.count == 135)
        var expected: [UInt8] = [0x88, 0, 0, 0, 0, 0, 0, 0]  // N = 136 = 135 + 1 space of padding
        expected += Array(json.utf8)
        expected += [0x20]                                   // 8 + 136 = 144, a multiple of 8
        expected += [0x00, 0x00, 0x80, 0x3F]                 // 1.0  = 0x3F800000, little-endian
        expected += [0x00, 0x00, 0x00, 0xC0]                 // -2.0 = 0xC0000000
        expected += [0x00, 0x00, 0x00, 0x3F]                 // 0.5  = 0x3F000000
        #expect(Array(data) == expected)
    }

    @Test func emptyFileIsJustAnEmptyObjectPadded() throws {
        let data = try SafeTensors.encode([], metadata: [:])
        #expect(Array(data) == [8, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8))
    }

    @Test(arguments: 1...12)
    func dataStartsEightByteAligned(nameLength: Int) throws {
        let name = String(repeating: "x", count: nameLength)
        let data = try SafeTensors.encode([(name: name, tensor: Tensor(shape: [3], values: [1, 2, 3]))], metadata: [:])
        let headerSize = Int(data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        #expect((8 + headerSize) % 8 == 0)
        #expect(data.count == 8 + headerSize + 12)
        #expect(data[8 + headerSize - 1] == 0x20 || data[8 + headerSize - 1] == UInt8(ascii: "}"))
        let decoded = try SafeTensors.decode(data, file: "aligned")
        #expect(decoded.tensors[name]?.values == [1, 2, 3])
    }

    @Test func escapesNamesAndRoundTripsMetadata() throws {
        let name = "quote\"back\\slash/tab\tünï"
        let data = try SafeTensors.encode(
            [(name: name, tensor: Tensor(shape: [1], values: [7]))], metadata: ["note": "a\nb", "z": ""])
        let decoded = try SafeTensors.decode(data, file: "escaped")
        #expect(decoded.tensors[name]?.values == [7])
        #expect(decoded.metadata == ["note": "a\nb", "z": ""])
    }

    @Test func rejectsUnwritableNames() {
        let t = Tensor(shape: [1])
        for names in [["", "b"], ["a", "a"], ["__metadata__"]] {
            let error = checkpointError { _ = try SafeTensors.encode(names.map { (name: $0, tensor: t) }, metadata: [:]) }
            guard case .invalidTensorName = error else {
                Issue.record("expected invalidTensorName for \(names), got \(String(describing: error))")
                continue
            }
        }
    }

    @Test func halfPrecisionTensorsAreStoredAsF16AndReadBackRounded() throws {
        let values: [Float] = [1, -2, 0.1, 65504, 1e-8, 0.33333]
        let half = Tensor(shape: [2, 3], values: values), full = Tensor(shape: [1], values: [0.1])
        let data = try SafeTensors.encode([(name: "h", tensor: half), (name: "f", tensor: full)], metadata: [:],
                                          halfPrecision: ["h"])
        let headerSize = Int(data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        let header = String(decoding: data[8..<(8 + headerSize)], as: UTF8.self)
        #expect(header.contains(#""h":{"data_offsets":[0,12],"dtype":"F16","shape":[2,3]}"#))
        #expect(header.contains(#""f":{"data_offsets":[12,16],"dtype":"F32""#))
        #expect(Array(data[(8 + headerSize)..<(8 + headerSize + 2)]) == [0x00, 0x3C])  // 1.0 = 0x3C00
        let decoded = try SafeTensors.decode(data, file: "half")
        #expect(decoded.tensors["h"]?.values == values.map { Float(Float16($0)) })
        #expect(decoded.tensors["h"]?.values != values, "0.1 and 0.33333 are not binary16 values")
        #expect(decoded.tensors["f"]?.values == [0.1])
    }

    @Test func anF16TensorWhoseBytesDoNotMatchItsShapeIsRefused() throws {
        let data = try SafeTensors.encode([(name: "h", tensor: Tensor(shape: [3], values: [1, 2, 3]))], metadata: [:])
        // Relabel the F32 tensor as F16: 12 bytes for 3 half-precision values (6 expected).
        var bytes = Array(data)
        let range = bytes.indices.dropLast(2).first { Array(bytes[$0..<($0 + 3)]) == Array("F32".utf8) }!
        bytes.replaceSubrange(range..<(range + 3), with: Array("F16".utf8))
        let error = checkpointError { _ = try SafeTensors.decode(Data(bytes), file: "relabelled") }
        guard case .corrupt(_, let reason) = error else { Issue.record("expected corrupt, got \(String(describing: error))"); return }
        #expect(reason.contains("needs 6 bytes"))
    }
}
