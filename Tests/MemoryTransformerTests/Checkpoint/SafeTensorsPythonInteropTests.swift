// Interop with an independent reader/writer: Python with only numpy, json and struct.
// Skipped (visibly, via .enabled(if:)) when python3 or numpy is not installed.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

/// Runs `python3 -c script args…`; returns (exit status, stdout + stderr), nil if python3 cannot start.
private func runPython(_ script: String, _ arguments: [String] = []) -> (status: Int32, output: String)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return nil }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

private let numpyAvailable = runPython("import numpy")?.status == 0

@Suite(.enabled(if: numpyAvailable, "python3 with numpy is not installed"))
struct SafeTensorsPythonInteropTests {
    @Test func pythonReadsOurFile() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.appendingPathComponent("ckpt")
        try Checkpoint.save(
            to: directory, config: CheckpointFixture.config,
            tensors: [(name: "w", tensor: Tensor(shape: [2, 3], values: [1, -2, 0.5, 3.25, -0.0, 1e-3])),
                      (name: "b", tensor: Tensor(shape: [2], values: [7, 8]))],
            vocabulary: ["a"])
        let script = """
            import json, struct, sys
            import numpy as np
            raw = open(sys.argv[1], 'rb').read()
            (n,) = struct.unpack('<Q', raw[:8])
            assert (8 + n) % 8 == 0, 'data not 8-byte aligned'
            header = json.loads(raw[8:8 + n].decode('utf-8'))
            meta = header.pop('__metadata__')
            assert meta['format'] == 'memtx', meta
            buf = raw[8 + n:]
            out = {}
            for name, info in header.items():
                assert info['dtype'] == 'F32'
                b, e = info['data_offsets']
                out[name] = np.frombuffer(buf[b:e], dtype='<f4').reshape(info['shape'])
            assert out['w'].shape == (2, 3) and out['b'].shape == (2,)
            assert np.array_equal(out['w'], np.array([[1, -2, 0.5], [3.25, -0.0, 1e-3]], dtype=np.float32))
            assert np.signbit(out['w'][1, 1])
            assert np.array_equal(out['b'], np.array([7, 8], dtype=np.float32))
            assert header['w']['data_offsets'] == [0, 24] and header['b']['data_offsets'] == [24, 32]
            print('ok')
            """
        let result = try #require(runPython(script, [directory.appendingPathComponent(Checkpoint.modelFile).path]))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("ok"))
    }

    @Test func weReadPythonsFile() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("py.safetensors").path
        let script = """
            import json, struct, sys
            import numpy as np
            a = np.arange(6, dtype='<f4').reshape(2, 3) / 7
            b = np.array([np.inf, -1.5], dtype='<f4')
            header = {'a': {'dtype': 'F32', 'shape': [2, 3], 'data_offsets': [8, 32]},
                      'b': {'dtype': 'F32', 'shape': [2], 'data_offsets': [0, 8]},
                      '__metadata__': {'by': 'python'}}
            h = json.dumps(header).encode('utf-8')
            with open(sys.argv[1], 'wb') as f:
                f.write(struct.pack('<Q', len(h)) + h + b.tobytes() + a.tobytes())
            """
        let result = try #require(runPython(script, [path]))
        try #require(result.status == 0, "\(result.output)")
        let decoded = try SafeTensors.decode(Data(contentsOf: URL(fileURLWithPath: path)), file: path)
        #expect(decoded.metadata == ["by": "python"])
        #expect(decoded.tensors["a"]?.shape == [2, 3])
        #expect(decoded.tensors["a"]?.values == (0..<6).map { Float($0) / 7 })
        #expect(decoded.tensors["b"]?.values == [.infinity, -1.5])
    }
}
