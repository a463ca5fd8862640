// Checkpoint round trip: save → load is bit-exact, and saving twice writes identical bytes.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct CheckpointRoundTripTests {
    private let files = [Checkpoint.configFile, Checkpoint.modelFile, Checkpoint.vocabularyFile, Checkpoint.manifestFile]

    @Test func roundTripIsBitExact() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.appendingPathComponent("ckpt")
        let tensors = CheckpointFixture.tensors()
        try Checkpoint.save(to: directory, config: CheckpointFixture.config, tensors: tensors,
                            vocabulary: CheckpointFixture.vocabulary)

        let loaded = try Checkpoint.load(from: directory)
        #expect(loaded.config == CheckpointFixture.config)
        #expect(loaded.vocabulary == CheckpointFixture.vocabulary)
        #expect(loaded.tensors.count == tensors.count)
        for (name, original) in tensors {
            let restored = try loaded.tensor(name, shape: original.shape)
            #expect(restored.values.map(\.bitPattern) == original.values.map(\.bitPattern), "\(name)")
        }
        let manifest = try Data(contentsOf: directory.appendingPathComponent(Checkpoint.manifestFile))
        #expect(loaded.digest == CheckpointManifest.sha256Hex(manifest))
        #expect(loaded.digest.count == 64)
    }

    @Test func savingTwiceWritesIdenticalBytes() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = root.appendingPathComponent("first"), second = root.appendingPathComponent("second")
        let tensors = CheckpointFixture.tensors()
        try Checkpoint.save(to: first, config: CheckpointFixture.config, tensors: tensors, vocabulary: CheckpointFixture.vocabulary)
        let loaded = try Checkpoint.load(from: first)
        // Re-save what was loaded, in the original order.
        let reloaded = tensors.map { (name: $0.name, tensor: loaded.tensors[$0.name] ?? Tensor(shape: [])) }
        try Checkpoint.save(to: second, config: loaded.config, tensors: reloaded, vocabulary: loaded.vocabulary)
        for file in files {
            let a = try Data(contentsOf: first.appendingPathComponent(file))
            let b = try Data(contentsOf: second.appendingPathComponent(file))
            #expect(a == b, "\(file) differs")
        }
        #expect(try Checkpoint.load(from: second).digest == loaded.digest)
    }

    @Test func savingOverACheckpointReplacesItAndLeavesNoLeftovers() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.appendingPathComponent("ckpt")
        let config = CheckpointFixture.config
        try Checkpoint.save(to: directory, config: config, tensors: [(name: "w", tensor: Tensor(shape: [1], values: [1]))], vocabulary: ["a"])
        let before = try Checkpoint.load(from: directory).digest
        try Checkpoint.save(to: directory, config: config, tensors: [(name: "w", tensor: Tensor(shape: [1], values: [2]))], vocabulary: ["a"])
        let after = try Checkpoint.load(from: directory)
        #expect(after.tensors["w"]?.values == [2])
        #expect(after.digest != before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["ckpt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == files.sorted())
    }

    @Test func refusesToReplaceANonCheckpointDirectory() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("keep me".utf8).write(to: root.appendingPathComponent("notes.txt"))
        let error = checkpointError {
            try Checkpoint.save(to: root, config: CheckpointFixture.config, tensors: [], vocabulary: [])
        }
        guard case .writeFailed = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("notes.txt").path))
    }

    @Test func rejectsBadInputsBeforeWriting() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.appendingPathComponent("ckpt")
        let vocabError = checkpointError {
            try Checkpoint.save(to: directory, config: CheckpointFixture.config, tensors: [], vocabulary: ["ok", "two\nlines"])
        }
        #expect(vocabError == .invalidVocabulary(index: 1, reason: "\"two\\nlines\" contains a line break"))
        var bad = CheckpointFixture.config
        bad.heads = 3
        guard case .invalidConfig = checkpointError({
            try Checkpoint.save(to: directory, config: bad, tensors: [], vocabulary: [])
        }) else { Issue.record("invalid config was saved"); return }
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    @Test func tensorAccessorReportsMissingAndMisshapenTensors() {
        let loaded = LoadedCheckpoint(config: CheckpointFixture.config,
                                      tensors: ["w": Tensor(shape: [2, 3])], vocabulary: [], digest: "")
        #expect(checkpointError { _ = try loaded.tensor("v", shape: [2, 3]) } == .missingTensor(name: "v"))
        #expect(checkpointError { _ = try loaded.tensor("w", shape: [3, 2]) }
            == .shapeMismatch(name: "w", expected: [3, 2], found: [2, 3]))
        #expect(checkpointError { _ = try loaded.tensor("w", shape: [2, 3]) } == nil)
    }
}
