// Runs a child process for a benchmark with OPENBLAS_NUM_THREADS set, and collects its
// standard output (the child prints its figures as JSON).
import Foundation

enum BenchProcess {
    /// Runs `executable arguments` with `threads` OpenBLAS threads; returns its exit status and stdout.
    static func run(_ executable: String, _ arguments: [String], threads: Int) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = String(threads)
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}
