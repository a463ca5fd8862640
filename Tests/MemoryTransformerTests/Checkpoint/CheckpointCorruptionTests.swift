// Checkpoint corruption: damaged, missing or inconsistent files give typed errors naming the file.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct CheckpointCorruptionTests {
    /// A saved fixture checkpoint in a fresh temporary directory (root, checkpoint dir).
    private func savedCheckpoint() throws -> (root: URL, directory: URL) {
        let root = try makeTemporaryDirectory()
        let directory = root.appendingPathComponent("ckpt")
        try Checkpoint.save(to: directory, config: CheckpointFixture.config, tensors: CheckpointFixture.tensors(),
                            vocabulary: CheckpointFixture.vocabulary)
        return (root, directory)
    }

    @Test(arguments: [Checkpoint.modelFile, Checkpoint.configFile, Checkpoint.vocabularyFile])
    func flippedByteIsADigestMismatchNamingTheFile(file: String) throws {
        let (root, directory) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = directory.appendingPathComponent(file)
        let original = try Data(contentsOf: url)
        for position in Set([0, original.count / 2, original.count - 1]) {
            var damaged = original
            damaged[position] ^= 0x01
            try damaged.write(to: url)
            let error = checkpointError { _ = try Checkpoint.load(from: directory) }
            guard case .digestMismatch(let path, let expected, let actual) = error else {
                Issue.record("\(file)@\(position): got \(String(describing: error))")
                continue
            }
            #expect(path.hasSuffix("/ckpt/" + file))
            #expect(expected != actual)
            #expect(error?.description.contains("memtx train --out DIR") == true)
        }
        try original.write(to: url)
        _ = try Checkpoint.load(from: directory)
    }

    @Test(arguments: [Checkpoint.modelFile, Checkpoint.configFile, Checkpoint.vocabularyFile, Checkpoint.manifestFile])
    func missingFileIsReported(file: String) throws {
        let (root, directory) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = directory.appendingPathComponent(file)
        try FileManager.default.removeItem(at: url)
        #expect(checkpointError { _ = try Checkpoint.load(from: directory) } == .missingFile(path: url.path))
    }

    @Test func missingDirectoryReportsTheManifest() throws {
        let directory = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/ckpt")
        let error = checkpointError { _ = try Checkpoint.load(from: directory) }
        #expect(error == .missingFile(path: directory.appendingPathComponent("manifest.json").path))
    }

    @Test func truncatedModelIsCaughtByTheDigestFirst() throws {
        let (root, directory) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = directory.appendingPathComponent(Checkpoint.modelFile)
        try Data(contentsOf: url).dropLast(10).write(to: url)
        guard case .digestMismatch(let path, _, _) = checkpointError({ _ = try Checkpoint.load(from: directory) })
        else { Issue.record("truncation not detected"); return }
        #expect(path == url.path)
    }

    @Test func unsupportedManifestVersion() throws {
        let (root, directory) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = directory.appendingPathComponent(Checkpoint.manifestFile)
        try Data(#"{"formatVersion": 2, "files": {}}"#.utf8).write(to: url)
        #expect(checkpointError { _ = try Checkpoint.load(from: directory) }
            == .unsupportedVersion(path: url.path, found: 2, supported: 1))
        try Data("garbage".utf8).write(to: url)
        guard case .corrupt(let path, _) = checkpointError({ _ = try Checkpoint.load(from: directory) })
        else { Issue.record("garbage manifest accepted"); return }
        #expect(path == url.path)
    }

    /// Replaces config.json and re-signs the manifest, so only config validation can object.
    private func resignedConfig(_ text: String, in directory: URL) throws {
        let configData = Data(text.utf8)
        try configData.write(to: directory.appendingPathComponent(Checkpoint.configFile))
        let manifestURL = directory.appendingPathComponent(Checkpoint.manifestFile)
        var manifest = try JSONDecoder().decode(CheckpointManifest.self, from: Data(contentsOf: manifestURL))
        manifest.files[Checkpoint.configFile] = CheckpointManifest.sha256Hex(configData)
        try manifest.encoded().write(to: manifestURL)
    }

    @Test func invalidConfigIsReportedAfterDigestsPass() throws {
        let (root, directory) = try savedCheckpoint()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = directory.appendingPathComponent(Checkpoint.configFile).path
        try resignedConfig(#"{"labels": "not an array"}"#, in: directory)
        guard case .invalidConfig(let p1, _) = checkpointError({ _ = try Checkpoint.load(from: directory) })
        else { Issue.record("undecodable config accepted"); return }
        #expect(p1 == path)

        var config = CheckpointFixture.config
        config.heads = 3  // 8 is not divisible by 3
        try resignedConfig(String(decoding: Checkpoint.encodeConfig(config), as: UTF8.self), in: directory)
        guard case .invalidConfig(_, let reason) = checkpointError({ _ = try Checkpoint.load(from: directory) })
        else { Issue.record("inconsistent config accepted"); return }
        #expect(reason.contains("divisible"))

        config.heads = 2
        config.formatVersion = 7
        try resignedConfig(String(decoding: Checkpoint.encodeConfig(config), as: UTF8.self), in: directory)
        #expect(checkpointError { _ = try Checkpoint.load(from: directory) }
            == .unsupportedVersion(path: path, found: 7, supported: 1))
    }
}
