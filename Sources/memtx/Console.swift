// Unbuffered terminal output: progress lines appear at once even when stdout is a
// file or a pipe (print() is block-buffered there).
import Foundation

enum Console {
    /// Writes `text` and a newline to standard output immediately.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
