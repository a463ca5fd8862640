// Reading and writing labelled documents: JSON Lines (one LabeledDocument per line,
// what `memtx synth` writes) or CoNLL-2003 text (anything else).
import Foundation
import MemoryTransformer

enum DocumentFiles {
    /// Loads documents from `path`: `.jsonl` as JSON Lines, otherwise CoNLL format.
    static func load(_ path: String) throws -> [LabeledDocument] {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationErrorMessage("cannot read \(path): no such file (run `make data` for CoNLL, `memtx synth` for the synthetic task)")
        }
        if url.pathExtension == "jsonl" {
            let decoder = JSONDecoder()
            return try data.split(separator: UInt8(ascii: "\n")).enumerated().map { index, line in
                do { return try decoder.decode(LabeledDocument.self, from: Data(line)) } catch {
                    throw ValidationErrorMessage("\(path):\(index + 1): not a labelled document (\(error))")
                }
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationErrorMessage("\(path) is not UTF-8 text")
        }
        return try ConllReader().read(text: text)
    }

    /// Writes documents as JSON Lines.
    static func writeJSONLines(_ documents: [LabeledDocument], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = Data()
        for document in documents {
            data.append(try encoder.encode(document))
            data.append(UInt8(ascii: "\n"))
        }
        try data.write(to: URL(fileURLWithPath: path))
    }
}

/// A user-facing error message for the command line.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
