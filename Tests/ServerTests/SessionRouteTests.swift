// Sessions in process: create, append with seq (replay, gap, conflict), labels that
// equal POST /v1/label on the same text (paged and NDJSON), memory and its queries,
// delete, and every error status of the session routes.
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SessionRouteTests {
    static func create(_ client: some TestClientProtocol, key: String? = nil) async throws -> String {
        let headers: HTTPFields = key.map { [.authorization: "Bearer \($0)"] } ?? [:]
        let response = try await Harness.call(client, .post, "/v1/sessions", headers: headers)
        #expect(response.status == .created)
        let body = try Harness.decode(SessionCreatedBody.self, response)
        #expect(response.headers[.location] == "/v1/sessions/\(body.id)")
        return body.id
    }

    static func chunk(_ seq: Int, _ text: String, labels: Bool = false) -> String {
        let encoded = String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
        return #"{"seq": \#(seq), "text": \#(encoded), "labels": \#(labels)}"#
    }

    @Test func appendsReplaysAndRefusesGaps() async throws {
        try await Harness.application().test(.router) { client in
            let id = try await Self.create(client)
            #expect(id.hasPrefix("s_") && id.count == 34)
            let first = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: Self.chunk(0, "Peter Blackburn visited "))
            let body0 = try Harness.decode(ChunkBody.self, first)
            #expect(body0.words.map(\.word) == ["Peter", "Blackburn", "visited"])
            #expect(body0.replayed == false && body0.wordsTotal == 3 && body0.onlineLabels == nil)
            let second = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: Self.chunk(1, "Zoë in Paris ."))
            let body1 = try Harness.decode(ChunkBody.self, second)
            #expect(body1.words.map(\.index) == [3, 4, 5, 6])
            #expect(body1.words[0].start == 24 && body1.words[0].end == 27)   // document-level scalar offsets
            // Same seq, same content: the stored answer again.
            let replay = try Harness.decode(ChunkBody.self, try await Harness.call(
                client, .post, "/v1/sessions/\(id)/chunks", body: Self.chunk(0, "Peter Blackburn visited ")))
            #expect(replay.replayed && replay.words == body0.words && replay.wordsTotal == 3)
            var response = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: Self.chunk(0, "Other text "))
            try Harness.expectError(response, .conflict, "sequence_conflict")
            response = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: Self.chunk(5, "Late "))
            #expect(try Harness.expectError(response, .conflict, "sequence_gap") == ["expected": 2, "actual": 5])
            // Nothing was applied by the refused chunks.
            let page = try Harness.decode(LabelsPageBody.self, try await Harness.call(client, .get, "/v1/sessions/\(id)/labels"))
            #expect(page.total == 7 && page.nextOffset == nil)
        }
    }

    @Test func sessionLabelsEqualWholeDocumentLabels() async throws {
        let text = LongDocument.text(words: 900)
        try await Harness.application().test(.router) { client in
            let whole = try Harness.decode(LabelledDocumentBody.self, try await Harness.call(
                client, .post, "/v1/label", body: #"{"text": \#(String(decoding: try JSONEncoder().encode(text), as: UTF8.self))}"#))
            let id = try await Self.create(client)
            for (seq, piece) in LongDocument.pieces(of: text, about: 700).enumerated() {
                let response = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: Self.chunk(seq, piece, labels: true))
                #expect(response.status == .ok)
            }
            // Paged JSON.
            var words: [LabelledWordItem] = [], entities: [EntityItem] = [], offset: Int? = 0
            while let next = offset {
                let page = try Harness.decode(LabelsPageBody.self, try await Harness.call(
                    client, .get, "/v1/sessions/\(id)/labels?offset=\(next)&limit=250"))
                words += page.words
                entities += page.entities
                offset = page.nextOffset
            }
            #expect(words.count == whole.words.count)
            #expect(words.map(\.label) == whole.words.map(\.label))
            #expect(words.map(\.start) == whole.words.map(\.start))
            #expect(words.map(\.index) == Array(0..<words.count))
            #expect(zip(words, whole.words).allSatisfy { abs($0.score - $1.score) < 1e-5 })
            #expect(Set(whole.entities.map(\.start)).isSubset(of: Set(entities.map(\.start))))
            // NDJSON stream: one word per line, same labels.
            let stream = try await Harness.call(client, .get, "/v1/sessions/\(id)/labels?format=ndjson")
            #expect(stream.headers[.contentType]?.hasPrefix("application/x-ndjson") == true)
            let lines = String(buffer: stream.body).split(separator: "\n")
            let streamed = try lines.map { try Harness.decoder.decode(LabelledWordItem.self, from: Data($0.utf8)) }
            #expect(streamed == words)
        }
    }

    @Test func memoryAndQueries() async throws {
        try await Harness.application().test(.router) { client in
            let id = try await Self.create(client)
            _ = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: Self.chunk(0, LongDocument.text(words: 400)))
            let memory = try Harness.decode(MemoryBody.self, try await Harness.call(client, .get, "/v1/sessions/\(id)/memory"))
            #expect(memory.variant == "learned" && memory.size == memory.capacity && memory.size == memory.entries.count)
            #expect(memory.entries.map(\.score) == memory.entries.map(\.score).sorted(by: >))
            #expect(memory.wordsTotal >= 400 && memory.chunksRead == (memory.wordsTotal + 63) / 64)
            let top = memory.entries[0]
            let lookup = try Harness.decode(QueryBody.self, try await Harness.call(
                client, .post, "/v1/sessions/\(id)/query", body: #"{"type": "lookup", "word": "\#(top.word)"}"#))
            #expect(lookup.inMemory == true && lookup.matches?.first?.rank == 1 && lookup.matches?.first?.index == top.index)
            let absent = try Harness.decode(QueryBody.self, try await Harness.call(
                client, .post, "/v1/sessions/\(id)/query", body: #"{"type": "lookup", "word": "zebra-not-there"}"#))
            #expect(absent.inMemory == false && absent.matches == [])
            let attention = try Harness.decode(QueryBody.self, try await Harness.call(
                client, .post, "/v1/sessions/\(id)/query", body: #"{"type": "attention", "index": 390, "k": 4}"#))
            let weights = attention.attendsTo?.compactMap(\.weight) ?? []
            #expect(weights.count == 4 && weights == weights.sorted(by: >))
            #expect(weights.allSatisfy { $0 > 0 && $0 <= 1 } && weights.reduce(0, +) <= 1)
            #expect(attention.attendsTo?.allSatisfy { $0.chunk != 390 / 64 } == true)   // its own chunk is not memory
            let nearest = try Harness.decode(QueryBody.self, try await Harness.call(
                client, .post, "/v1/sessions/\(id)/query", body: #"{"type": "nearest", "text": "Berlin", "k": 3}"#))
            let similarities = nearest.nearest?.compactMap(\.similarity) ?? []
            #expect(similarities.count == 3 && similarities == similarities.sorted(by: >))
            #expect(similarities.allSatisfy { $0 >= -1.0001 && $0 <= 1.0001 })
        }
    }

    @Test func sessionErrors() async throws {
        let app = Harness.application { $0.limits.maxWordsPerChunk = 5; $0.limits.maxWordsPerSession = 8 }
        try await app.test(.router) { client in
            let id = try await Self.create(client)
            let chunks = "/v1/sessions/\(id)/chunks"
            var response = try await Harness.call(client, .post, chunks, body: Self.chunk(0, "one two three four five six"))
            #expect(try Harness.expectError(response, .unprocessableContent, "chunk_too_long") == ["actual": 6, "allowed": 5])
            response = try await Harness.call(client, .post, chunks, body: Self.chunk(0, "   "))
            try Harness.expectError(response, .unprocessableContent, "empty_chunk")
            response = try await Harness.call(client, .post, chunks, body: #"{"seq": 0, "text": "a", "words": ["a"]}"#)
            try Harness.expectError(response, .unprocessableContent, "invalid_request")
            response = try await Harness.call(client, .post, chunks, body: #"{"seq": -1, "text": "a"}"#)
            try Harness.expectError(response, .unprocessableContent, "invalid_seq")
            response = try await Harness.call(client, .post, chunks, body: #"{"seq": "zero", "text": "a"}"#)
            try Harness.expectError(response, .badRequest, "malformed_json")
            response = try await Harness.call(client, .post, chunks, body: #"{"text": "a"}"#)
            try Harness.expectError(response, .badRequest, "malformed_json")
            response = try await Harness.call(client, .post, chunks, body: #"{"seq": 0, "text": "a", "label": true}"#)
            try Harness.expectError(response, .unprocessableContent, "unknown_field")
            response = try await Harness.call(client, .post, "/v1/sessions", body: "[]")
            try Harness.expectError(response, .badRequest, "malformed_json")
            response = try await Harness.call(client, .post, chunks, body: "seq=0", contentType: "application/x-www-form-urlencoded")
            try Harness.expectError(response, .unsupportedMediaType, "unsupported_media_type")
            #expect(try await Harness.call(client, .post, chunks, body: Self.chunk(0, "one two three four ")).status == .ok)
            response = try await Harness.call(client, .post, chunks, body: #"{"seq": 1, "words": ["five", "six", "seven", "eight", "nine"]}"#)
            #expect(try Harness.expectError(response, .unprocessableContent, "session_too_long") == ["actual": 9, "allowed": 8])
            response = try await Harness.call(client, .post, chunks, body: #"{"seq": 1, "words": ["five", "six"]}"#)
            let words = try Harness.decode(ChunkBody.self, response).words
            #expect(words.map(\.start) == [19, 24])   // after the text's trailing space, one more separator
            // Labels, memory and query parameters.
            response = try await Harness.call(client, .get, "/v1/sessions/\(id)/labels?offset=99")
            #expect(try Harness.expectError(response, .unprocessableContent, "offset_out_of_range") == ["actual": 99, "allowed": 6])
            response = try await Harness.call(client, .get, "/v1/sessions/\(id)/labels?limit=0")
            try Harness.expectError(response, .unprocessableContent, "invalid_parameter")
            response = try await Harness.call(client, .get, "/v1/sessions/\(id)/labels?format=csv")
            try Harness.expectError(response, .unprocessableContent, "invalid_format")
            response = try await Harness.call(client, .post, "/v1/sessions/\(id)/query", body: #"{"type": "attention", "index": 6}"#)
            #expect(try Harness.expectError(response, .unprocessableContent, "index_out_of_range") == ["actual": 6, "allowed": 5])
            response = try await Harness.call(client, .post, "/v1/sessions/\(id)/query", body: #"{"type": "nearest", "text": "x", "k": 0}"#)
            try Harness.expectError(response, .unprocessableContent, "invalid_k")
            response = try await Harness.call(client, .post, "/v1/sessions/\(id)/query", body: #"{"type": "lookup"}"#)
            try Harness.expectError(response, .unprocessableContent, "invalid_query")
            response = try await Harness.call(client, .post, "/v1/sessions/\(id)/query", body: #"{"type": "guess"}"#)
            try Harness.expectError(response, .badRequest, "malformed_json")
            // Unknown and deleted sessions.
            for (method, path, body) in [(HTTPRequest.Method.post, "chunks", Self.chunk(0, "a")), (.get, "labels", nil),
                                         (.get, "memory", nil), (.post, "query", #"{"type": "lookup", "word": "a"}"#)] {
                response = try await Harness.call(client, method, "/v1/sessions/s_unknown/\(path)", body: body)
                try Harness.expectError(response, .notFound, "session_not_found")
            }
            #expect(try await Harness.call(client, .delete, "/v1/sessions/\(id)").status == .noContent)
            response = try await Harness.call(client, .delete, "/v1/sessions/\(id)")
            try Harness.expectError(response, .notFound, "session_not_found")
        }
    }

    @Test func expiryAndSessionCap() async throws {
        let app = Harness.application { $0.limits.sessionIdleTimeoutMinutes = 0.15; $0.limits.maxSessions = 2 }   // 9 s: a loaded machine must not expire the first before the third is refused
        try await app.test(.router) { client in
            let first = try await Self.create(client)
            _ = try await Self.create(client)
            let response = try await Harness.call(client, .post, "/v1/sessions")
            #expect(try Harness.expectError(response, .tooManyRequests, "too_many_sessions") == ["allowed": 2])
            #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
            try await Task.sleep(for: .milliseconds(10_000))
            let expired = try await Harness.call(client, .post, "/v1/sessions/\(first)/chunks", body: Self.chunk(0, "a "))
            try Harness.expectError(expired, .gone, "session_expired")
            // Expired sessions free their slots.
            #expect(try await Harness.call(client, .post, "/v1/sessions").status == .created)
        }
    }

    @Test func keysSeparateOwners() async throws {
        let alice = "alice-key-0123456789", bob = "bob-key-9876543210"
        try await Harness.application(keys: [alice, bob]).test(.router) { client in
            var response = try await Harness.call(client, .post, "/v1/sessions")
            try Harness.expectError(response, .unauthorized, "unauthorized")
            #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            response = try await Harness.call(client, .post, "/v1/label", body: #"{"text": "a"}"#,
                                              headers: [.authorization: "Bearer wrong-key-000000000"])
            try Harness.expectError(response, .unauthorized, "unauthorized")
            let id = try await Self.create(client, key: alice)
            response = try await Harness.call(client, .get, "/v1/sessions/\(id)/memory", headers: [.authorization: "Bearer \(bob)"])
            try Harness.expectError(response, .notFound, "session_not_found")
            response = try await Harness.call(client, .get, "/v1/sessions/\(id)/memory", headers: [.authorization: "Bearer \(alice)"])
            #expect(response.status == .ok)
            #expect(try await Harness.call(client, .get, "/health/ready").status == .ok)   // open
            #expect(try await Harness.call(client, .get, "/metrics").status == .ok)        // open
        }
    }
}
