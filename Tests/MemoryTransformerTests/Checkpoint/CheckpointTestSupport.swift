// Helpers shared by the checkpoint tests: temporary directories, crafted files, fixtures.
import Foundation
import Kernels
@testable import MemoryTransformer

/// A fresh, unique temporary directory; the caller removes it.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("memtx-ckpt-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Safetensors bytes assembled by hand: u64 LE length prefix, header text, payload.
func craftSafeTensors(header: String, payload: [UInt8], declaredLength: UInt64? = nil) -> Data {
    let headerBytes = Array(header.utf8)
    var data = Data()
    withUnsafeBytes(of: (declaredLength ?? UInt64(headerBytes.count)).littleEndian) { data.append(contentsOf: $0) }
    data.append(contentsOf: headerBytes)
    data.append(contentsOf: payload)
    return data
}

/// Asserts-by-returning: the CheckpointError thrown by `body`, or nil.
func checkpointError(_ body: () throws -> Void) -> CheckpointError? {
    do { try body() } catch let error as CheckpointError { return error } catch { return nil }
    return nil
}

/// A small non-default config and a set of tensors including awkward float values.
enum CheckpointFixture {
    static var config: ModelConfig {
        var config = ModelConfig(labels: ["O", "B-PER", "I-PER", "B-LOC"])
        config.dModel = 8
        config.heads = 2
        config.mlpHidden = 16
        config.memoryVariant = .strided
        config.vocabularySize = 5
        return config
    }

    static let vocabulary = ["<pad>", "<unk>", "Zürich", "", "naïve café 東京"]

    static func tensors() -> [(name: String, tensor: Tensor)] {
        var generator = SystemRandomNumberGenerator()
        let random = Tensor(shape: [5, 8], values: (0..<40).map { _ in Float.random(in: -3...3, using: &generator) })
        let special = Tensor(shape: [8], values: [
            -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            Float(bitPattern: 0x7FC0_1234), Float(bitPattern: 0xFF80_0001), Float(bitPattern: 0x0001_1170),  // a subnormal
        ])
        return [
            (name: "embedding.words", tensor: random),
            (name: "head.bias", tensor: special),
            (name: "empty", tensor: Tensor(shape: [0, 3])),
            (name: "scalar", tensor: Tensor(shape: [], values: [42])),
        ]
    }
}
