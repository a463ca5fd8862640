// How the command line writes JSON (reports, `--json FILE`): pretty-printed, keys sorted,
// so files diff well and read the same from run to run.
import Foundation

enum JSONOutput {
    /// `value` as pretty-printed JSON with sorted keys.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(value)
    }

    /// Writes `value` as JSON to the file at `path`.
    static func write<T: Encodable>(_ value: T, toFile path: String) throws {
        try encode(value).write(to: URL(fileURLWithPath: path))
    }
}

/// Wall-clock seconds since it was made (monotonic).
struct Stopwatch {
    private let start = DispatchTime.now().uptimeNanoseconds

    var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
