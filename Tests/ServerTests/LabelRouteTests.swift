// POST /v1/label, GET /v1/model and the health probes in process (HummingbirdTesting's
// router framework) with the shipped checkpoint: labelling, batch and spaCy formats,
// and bad input answered with the documented status and a JSON error. Every response
// is checked against openapi.yaml by the harness.
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Server
import Testing

@Suite struct LabelRouteTests {
    @Test func labelsTextWithScalarOffsets() async throws {
        let text = "Zoë met Peter Blackburn in Brussels 🇪🇺 ."
        try await Harness.application().test(.router) { client in
            let response = try await Harness.call(client, .post, "/v1/label", body: #"{"text": "\#(text)"}"#)
            #expect(response.status == .ok)
            let body = try Harness.decode(LabelledDocumentBody.self, response)
            #expect(body.offsetUnit == "unicode_scalar")
            let scalars = Array(text.unicodeScalars)
            for word in body.words {
                #expect(String(String.UnicodeScalarView(scalars[word.start..<word.end])) == word.word)
            }
            #expect(body.entities.contains { $0.text == "Peter Blackburn" && $0.label == "PER" })
            #expect(body.entities.contains { $0.text == "Brussels" && $0.label == "LOC" })
            // The model's own time, in both formats.
            let timing = try #require(response.headers[.serverTiming])
            let milliseconds = try #require(Double(timing.replacingOccurrences(of: "model;dur=", with: "")))
            #expect(milliseconds > 0 && milliseconds < 10_000)
            let spacy = try await Harness.call(client, .post, "/v1/label?format=spacy", body: #"{"text": "\#(text)"}"#)
            #expect(spacy.headers[.serverTiming]?.hasPrefix("model;dur=") == true)
        }
    }

    @Test func batchOfWordsInSpacyFormat() async throws {
        try await Harness.application().test(.router) { client in
            let body = #"{"documents": [{"words": ["Peter", "Blackburn", "visited", "Paris", "."]}, {"text": "Nothing here ."}]}"#
            let response = try await Harness.call(client, .post, "/v1/label?format=spacy", body: body)
            #expect(response.status == .ok)
            let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            let documents = object?["documents"] as? [[String: Any]]
            #expect(documents?.count == 2)
            #expect(documents?.first?["text"] as? String == "Peter Blackburn visited Paris .")
            let ents = documents?.first?["ents"] as? [[String: Any]]
            #expect(ents?.first?["start"] as? Int == 0 && ents?.first?["end"] as? Int == 15)
        }
    }

    @Test(arguments: [
        (#"{"text": "#, "malformed_json", 400),
        (#"{"text": 5}"#, "malformed_json", 400),
        (#"{"text": "   "}"#, "empty_document", 422),
        (#"{"text": "a", "words": ["a"]}"#, "invalid_request", 422),
        (#"{"words": ["two words"]}"#, "invalid_words", 422),
        (#"{"documents": []}"#, "empty_batch", 422),
        (#"[1, 2]"#, "malformed_json", 400),
        (#"{"text": "a", "lables": true}"#, "unknown_field", 422),
        (#"{"documents": [{"text": "a", "id": 1}]}"#, "unknown_field", 422),
        (String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), "malformed_json", 400),
    ])
    func badBodiesGetJSONErrors(body: String, code: String, status: Int) async throws {
        try await Harness.application().test(.router) { client in
            let response = try await Harness.call(client, .post, "/v1/label", body: body)
            try Harness.expectError(response, .init(code: status), code)
        }
    }

    @Test func invalidUTF8IsRefused() async throws {
        try await Harness.application().test(.router) { client in
            var bytes = ByteBuffer(string: #"{"text": ""#)
            bytes.writeBytes([0xFF, 0xFE])
            bytes.writeString(#""}"#)
            let response = try await Harness.call(client, .post, "/v1/label", bytes: bytes)
            try Harness.expectError(response, .badRequest, "invalid_utf8")
        }
    }

    @Test func limitsAreEnforcedWithNumbers() async throws {
        let app = Harness.application { $0.limits.maxWordsPerDocument = 3; $0.limits.maxBodyBytes = 200; $0.limits.maxDocumentsPerBatch = 2 }
        try await app.test(.router) { client in
            var response = try await Harness.call(client, .post, "/v1/label", body: #"{"text": "one two three four"}"#)
            #expect(try Harness.expectError(response, .unprocessableContent, "document_too_long") == ["actual": 4, "allowed": 3])
            response = try await Harness.call(client, .post, "/v1/label", body: #"{"documents": [{"text": "a"}, {"text": "b"}, {"text": "c"}]}"#)
            #expect(try Harness.expectError(response, .unprocessableContent, "batch_too_large") == ["actual": 3, "allowed": 2])
            let big = #"{"text": ""# + String(repeating: "x ", count: 200) + #""}"#
            response = try await Harness.call(client, .post, "/v1/label", body: big)
            try Harness.expectError(response, .contentTooLarge, "body_too_large")
        }
    }

    @Test func wrongContentTypeUnknownRouteAndQueueFull() async throws {
        try await Harness.application().test(.router) { client in
            var response = try await Harness.call(client, .post, "/v1/label", body: "hello", contentType: "text/plain")
            try Harness.expectError(response, .unsupportedMediaType, "unsupported_media_type")
            response = try await Harness.call(client, .post, "/v1/label?format=xml", body: #"{"text": "a"}"#)
            try Harness.expectError(response, .unprocessableContent, "invalid_format")
            response = try await Harness.call(client, .get, "/v1/nothing", checkSpec: false)
            try Harness.expectError(response, .notFound, "not_found")
        }
        // No room on the compute queue: 429 with Retry-After, and nothing is computed.
        try await Harness.application { $0.limits.maxQueueDepth = 0 }.test(.router) { client in
            let response = try await Harness.call(client, .post, "/v1/label", body: #"{"text": "Paris"}"#)
            try Harness.expectError(response, .tooManyRequests, "queue_full")
            #expect(response.headers[.retryAfter] == "1")
        }
    }

    @Test func modelRouteAndHealth() async throws {
        try await Harness.application(ready: false).test(.router) { client in
            #expect(try await Harness.call(client, .get, "/health/live").status == .ok)
            #expect(try await Harness.call(client, .get, "/health/ready").status == .serviceUnavailable)
            let response = try await Harness.call(client, .get, "/v1/model")
            #expect(response.status == .ok)
            let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            #expect((object?["checkpoint_digest"] as? String)?.count == 64)
            #expect((object?["limits"] as? [String: Any])?["max_words_per_document"] as? Int == 200_000)
            #expect(object?["requires_api_key"] as? Bool == false)
            #expect(object?["context_words"] as? Int == 0)
        }
        try await Harness.application(ready: true).test(.router) { client in
            let ready = try await Harness.call(client, .get, "/health/ready")
            #expect(ready.status == .ok)
        }
    }
}
