// SafeTensors.decode on crafted, damaged input: every problem is a typed error, never a crash.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct SafeTensorsValidationTests {
    private let eightBytes: [UInt8] = [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]  // 1.0, 2.0

    private func corruptReason(_ data: Data) -> String? {
        guard case .corrupt(let path, let reason) = checkpointError({ _ = try SafeTensors.decode(data, file: "f.safetensors") })
        else { return nil }
        #expect(path == "f.safetensors")
        return reason
    }

    @Test func decodesAForeignStyleHeader() throws {
        // Spaces, unsorted keys, no padding: legal, as other writers produce.
        let header = #"{"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "__metadata__": {"format": "pt"}}"#
        let decoded = try SafeTensors.decode(craftSafeTensors(header: header, payload: eightBytes), file: "f")
        #expect(decoded.tensors["w"]?.values == [1, 2])
        #expect(decoded.tensors["w"]?.shape == [2])
        #expect(decoded.metadata == ["format": "pt"])
    }

    @Test func shorterThanTheLengthPrefixIsTruncated() {
        let error = checkpointError { _ = try SafeTensors.decode(Data([1, 2, 3]), file: "f") }
        #expect(error == .truncated(path: "f", expectedBytes: 8, actualBytes: 3))
    }

    @Test func headerLengthBeyondTheFileIsTruncated() {
        let data = craftSafeTensors(header: "{}", payload: [], declaredLength: 1_000)
        let error = checkpointError { _ = try SafeTensors.decode(data, file: "f") }
        #expect(error == .truncated(path: "f", expectedBytes: 1_008, actualBytes: 10))
        let huge = craftSafeTensors(header: "{}", payload: [], declaredLength: .max)
        #expect(checkpointError { _ = try SafeTensors.decode(huge, file: "f") }
            == .truncated(path: "f", expectedBytes: .max, actualBytes: 10))
    }

    @Test func missingTensorBytesAreTruncated() throws {
        let valid = try SafeTensors.encode([(name: "w", tensor: Tensor(shape: [4]))], metadata: [:])
        let error = checkpointError { _ = try SafeTensors.decode(valid.dropLast(3), file: "f") }
        #expect(error == .truncated(path: "f", expectedBytes: valid.count, actualBytes: valid.count - 3))
    }

    @Test func garbageHeaderIsCorrupt() throws {
        let reason = try #require(corruptReason(craftSafeTensors(header: "not json at all!", payload: [])))
        #expect(reason.contains("not valid JSON"))
        #expect(corruptReason(craftSafeTensors(header: "[1, 2]", payload: [])) == "header is not a JSON object")
        #expect(corruptReason(craftSafeTensors(header: "{\"a\": {} } x", payload: [])) != nil)
        let deep = String(repeating: "[", count: 100_000)
        #expect(corruptReason(craftSafeTensors(header: deep, payload: []))?.contains("nesting") == true)
        #expect(corruptReason(Data([2, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFE])) != nil)
    }

    @Test func wrongDtypeIsCorrupt() throws {
        // F32 and F16 are read; BF16 (same size as F16) and I8 are not.
        let header = #"{"w":{"dtype":"BF16","shape":[4],"data_offsets":[0,8]}}"#
        let reason = try #require(corruptReason(craftSafeTensors(header: header, payload: eightBytes)))
        #expect(reason.contains("BF16") && reason.contains("only F32 and F16"))
        let bytes = #"{"w":{"dtype":"I8","shape":[8],"data_offsets":[0,8]}}"#
        #expect(corruptReason(craftSafeTensors(header: bytes, payload: eightBytes))?.contains("I8") == true)
    }

    @Test func overlappingOffsetsAreCorrupt() throws {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        let reason = try #require(corruptReason(craftSafeTensors(header: header, payload: eightBytes + [0, 0, 0, 0])))
        #expect(reason.contains("overlaps"))
    }

    @Test func gappedOffsetsAreCorrupt() throws {
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        let reason = try #require(corruptReason(craftSafeTensors(header: header, payload: eightBytes + [0, 0, 0, 0])))
        #expect(reason.contains("gap"))
        let first = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        #expect(corruptReason(craftSafeTensors(header: first, payload: eightBytes))?.contains("gap") == true)
    }

    @Test func bytesAfterTheLastTensorAreCorrupt() throws {
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        let reason = try #require(corruptReason(craftSafeTensors(header: header, payload: eightBytes)))
        #expect(reason.contains("4 bytes after the last tensor"))
    }

    @Test func shapeMustMatchTheByteSpan() throws {
        let header = #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
        #expect(try #require(corruptReason(craftSafeTensors(header: header, payload: eightBytes))).contains("needs 12 bytes"))
        let overflow = #"{"a":{"dtype":"F32","shape":[4294967296,4294967296,0],"data_offsets":[0,0]}}"#
        #expect(try #require(corruptReason(craftSafeTensors(header: overflow, payload: []))).contains("too large"))
    }

    @Test func malformedEntriesAreCorrupt() {
        let headers = [
            #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}"#,
            #"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#,
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#,
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#,
            #"{"a":{"dtype":"F32","shape":[2]}}"#,
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"extra":1}}"#,
            #"{"a":[1,2]}"#,
            #"{"__metadata__":{"k":1}}"#,
            #"{"a":{"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,8]}}"#,
        ]
        for header in headers {
            #expect(corruptReason(craftSafeTensors(header: header, payload: eightBytes)) != nil, "\(header)")
        }
    }

    @Test func duplicateNamesAreCorrupt() throws {
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        #expect(try #require(corruptReason(craftSafeTensors(header: header, payload: eightBytes))).contains("duplicate key \"a\""))
    }

    @Test func everySingleByteTruncationIsATypedError() throws {
        let valid = try SafeTensors.encode(CheckpointFixture.tensors(), metadata: ["m": "x"])
        for length in 0..<valid.count {
            let error = checkpointError { _ = try SafeTensors.decode(valid.prefix(length), file: "f") }
            #expect(error != nil, "prefix of \(length) bytes decoded")
        }
    }
}
