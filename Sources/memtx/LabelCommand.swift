// `memtx label FILE`: labels a text file with a checkpoint and prints its entities (or
// every word), for a quick look without the server.
import ArgumentParser
import Foundation
import MemoryTransformer

struct LabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label", abstract: "Label a text file and print its entities.")

    @Argument(help: "UTF-8 text file ('-' for standard input).") var file: String
    @Option(help: "Checkpoint directory (default: the shipped CoNLL-2003 English model).") var checkpoint: String = "checkpoints/conll-en"
    @Option(help: "Output: entities (text), words (one per line), or json.") var format: Format = .entities

    enum Format: String, ExpressibleByArgument { case entities, words, json }

    func run() throws {
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
        guard let data else { throw ValidationErrorMessage("cannot read \(file)") }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationErrorMessage("\(file) is not valid UTF-8") }
        let (model, _) = try MemoryTransformerModel.load(from: URL(fileURLWithPath: checkpoint))
        let words = Tokenizer().tokenize(text)
        let labeled = model.label(words: words)
        let tags = labeled.map { model.config.labels[$0.labelID] }
        let entities = LabeledEntity.extract(from: labeled, labels: model.config.labels, text: text)
        switch format {
        case .words:
            for (word, tag) in zip(labeled, tags) {
                Console.line("\(word.word.text)\t\(tag)\t\(String(format: "%.3f", word.probability))")
            }
        case .entities:
            for entity in entities { Console.line("\(entity.label)\t\(entity.text)\t[\(entity.start), \(entity.end))") }
        case .json:
            Console.line(String(decoding: try JSONOutput.encode(entities), as: UTF8.self))
        }
    }
}
