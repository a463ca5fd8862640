// The checkpoint that ships in checkpoints/conll-en loads (digest verified) and labels a
// plain English sentence sensibly.
import Foundation
import Testing
@testable import MemoryTransformer

@Suite struct ShippedCheckpointTests {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("checkpoints/conll-en")
    }

    @Test func loadsAndFindsEntities() throws {
        let (model, digest) = try MemoryTransformerModel.load(from: Self.directory)
        #expect(digest.count == 64)
        #expect(model.config.labels.contains("B-PER"))
        let text = "Peter Blackburn reported from Brussels that the European Commission met on Tuesday ."
        let words = Tokenizer().tokenize(text)
        let tags = model.label(words: words).map { model.config.labels[$0.labelID] }
        let spans = EntitySpan.extract(from: tags).map { span in
            (words[span.start..<span.end].map(\.text).joined(separator: " "), span.type)
        }
        #expect(spans.contains { $0 == ("Peter Blackburn", "PER") }, "\(spans)")
        #expect(spans.contains { $0 == ("Brussels", "LOC") }, "\(spans)")
    }
}
