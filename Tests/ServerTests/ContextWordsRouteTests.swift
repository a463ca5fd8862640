// A model with context words (K > 0) served end to end: GET /v1/model reports K, a
// session's chunk is read once K words after it have arrived, the session's labels equal
// POST /v1/label on the same text, and the attention query leaves out the word's window.
// The model has the shipped checkpoint's vocabulary and sizes with fresh weights and K = 8.
import Foundation
import Hummingbird
import HummingbirdTesting
import MemoryTransformer
import Server
import Testing

@Suite struct ContextWordsRouteTests {
    static let model: MemoryTransformerModel = {
        var config = Harness.model.0.config
        config.contextWords = 8
        return MemoryTransformerModel(config: config, vocabulary: Harness.model.0.featurizer.vocabulary, seed: 5)
    }()

    static func application() -> some ApplicationProtocol {
        let services = MemtxServices(model: model, digest: String(repeating: "0", count: 64),
                                     configuration: ServerConfiguration(), apiKeys: APIKeys(keys: []), store: nil)
        services.readiness.markReady()
        return Harness.application(services)
    }

    @Test func aSessionWaitsForTheContextAndLabelsAsTheWholeDocument() async throws {
        let C = Self.model.config.chunkSize, K = Self.model.config.contextWords
        let words = LongDocument.text(words: 300).split(separator: " ").map(String.init)
        let text = words.joined(separator: " ")
        try await Self.application().test(.router) { client in
            let info = try JSONSerialization.jsonObject(with: Data(try await Harness.call(client, .get, "/v1/model").body.readableBytesView)) as? [String: Any]
            #expect(info?["context_words"] as? Int == K)
            let whole = try Harness.decode(LabelledDocumentBody.self, try await Harness.call(
                client, .post, "/v1/label", body: #"{"words": \#(String(decoding: try JSONEncoder().encode(words), as: UTF8.self))}"#))
            let id = try await SessionRouteTests.create(client)
            // C words: not read yet (its K context words after it are missing); C + K: read.
            let cuts = [0, C, C + K, 150, words.count]
            for seq in 0..<(cuts.count - 1) {
                let piece = words[cuts[seq]..<cuts[seq + 1]].joined(separator: " ") + " "
                let body = try Harness.decode(ChunkBody.self, try await Harness.call(
                    client, .post, "/v1/sessions/\(id)/chunks", body: SessionRouteTests.chunk(seq, piece, labels: true)))
                #expect(body.chunksRead == max(0, (cuts[seq + 1] - K) / C), "after \(cuts[seq + 1]) words")
            }
            let page = try Harness.decode(LabelsPageBody.self, try await Harness.call(
                client, .get, "/v1/sessions/\(id)/labels?limit=1000"))
            #expect(page.words.map(\.label) == whole.words.map(\.label))
            #expect(zip(page.words, whole.words).allSatisfy { abs($0.score - $1.score) < 1e-5 })
            #expect(text.split(separator: " ").count == page.words.count)
            let index = 2 * C + 2   // chunk 2's window reaches back to word 2C − K
            let attention = try Harness.decode(QueryBody.self, try await Harness.call(
                client, .post, "/v1/sessions/\(id)/query", body: #"{"type": "attention", "index": \#(index), "k": 8}"#))
            let window = (2 * C - K)..<(3 * C + K)
            #expect(attention.attendsTo?.isEmpty == false)
            #expect(attention.attendsTo?.allSatisfy { !window.contains($0.index) } == true)
        }
    }
}
