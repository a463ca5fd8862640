// The service over a real socket (HummingbirdTesting's .live, AsyncHTTPClient as the
// client): a streamed upload (chunked transfer encoding) of a document far larger than
// the memory, consumed while it is still arriving, whose labels equal POST /v1/label
// on the same text; and two API keys whose sessions stay apart.
import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct LiveServerTests {
    /// Feeds the upload's pieces on demand, so the test decides when the rest is sent.
    actor Gate {
        private var open = false
        private var waiters: [CheckedContinuation<Void, Never>] = []
        func wait() async { if !open { await withCheckedContinuation { waiters.append($0) } } }
        func release() { open = true; waiters.forEach { $0.resume() }; waiters = [] }
    }

    @Test func streamedUploadIsConsumedIncrementallyAndLabelsMatch() async throws {
        let text = LongDocument.text(words: 12_000)
        let pieces = LongDocument.pieces(of: text, about: 3_000)
        let app = Harness.application { $0.limits.streamPieceBytes = 8 * 1024 }
        try await app.test(.live) { client in
            let base = "http://127.0.0.1:\(client.port!)"
            let id = try await SessionRouteTests.create(client)
            let gate = Gate()
            let half = pieces.count / 2
            let stream = AsyncStream<ByteBuffer> { continuation in
                Task {
                    for (index, piece) in pieces.enumerated() {
                        if index == half { await gate.wait() }
                        continuation.yield(ByteBuffer(string: piece))
                    }
                    continuation.finish()
                }
            }
            var request = HTTPClientRequest(url: "\(base)/v1/sessions/\(id)/stream")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
            request.body = .stream(stream, length: .unknown)   // chunked transfer encoding
            async let upload = HTTPClient.shared.execute(request, timeout: .seconds(300))
            // While the second half is held back, the first half is already in the session.
            var seen = 0
            for _ in 0..<600 where seen == 0 {
                try await Task.sleep(for: .milliseconds(50))
                let memory = try await Harness.call(client, .get, "/v1/sessions/\(id)/memory")
                seen = try Harness.decode(MemoryBody.self, memory).wordsTotal
            }
            #expect(seen > 0 && seen < 12_000)
            await gate.release()
            let response = try await upload
            #expect(response.status == .ok)
            let summary = try Harness.decoder.decode(StreamBody.self, from: Data((try await response.body.collect(upTo: 1 << 20)).readableBytesView))
            #expect(summary.chunksAppended >= 8 && summary.firstSeq == 0 && summary.lastSeq == summary.chunksAppended - 1)
            #expect(summary.wordsAppended == summary.wordsTotal && summary.memory.size == summary.memory.capacity)
            #expect(summary.wordsTotal > 100 * summary.memory.capacity)
            // The session's labels are the whole document's labels.
            let whole = try Harness.decode(LabelledDocumentBody.self, try await Harness.call(
                client, .post, "/v1/label", body: #"{"text": \#(String(decoding: try JSONEncoder().encode(text), as: UTF8.self))}"#))
            let streamed = try await Harness.call(client, .get, "/v1/sessions/\(id)/labels?format=ndjson")
            let words = try String(buffer: streamed.body).split(separator: "\n").map {
                try Harness.decoder.decode(LabelledWordItem.self, from: Data($0.utf8))
            }
            #expect(words.count == whole.words.count && words.count == summary.wordsTotal)
            #expect(words.map(\.label) == whole.words.map(\.label))
            #expect(words.map(\.start) == whole.words.map(\.start) && words.map(\.end) == whole.words.map(\.end))
        }
    }

    @Test func ndjsonUploadAndTwoKeysStayApart() async throws {
        let alice = "alice-key-0123456789", bob = "bob-key-9876543210"
        try await Harness.application(keys: [alice, bob]).test(.live) { client in
            let base = "http://127.0.0.1:\(client.port!)"
            let aliceSession = try await SessionRouteTests.create(client, key: alice)
            let bobSession = try await SessionRouteTests.create(client, key: bob)
            func upload(_ session: String, key: String, lines: String) async throws -> HTTPClientResponse {
                var request = HTTPClientRequest(url: "\(base)/v1/sessions/\(session)/stream")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/x-ndjson")
                request.headers.add(name: "Authorization", value: "Bearer \(key)")
                request.body = .bytes(ByteBuffer(string: lines))
                return try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            }
            let lines = #"{"text": "Peter Blackburn flew to Paris . "}"# + "\n" + #"{"words": ["Bonn", "said", "no", "."]}"# + "\n"
            var response = try await upload(aliceSession, key: alice, lines: lines)
            #expect(response.status == .ok)
            let summary = try Harness.decoder.decode(StreamBody.self, from: Data((try await response.body.collect(upTo: 1 << 16)).readableBytesView))
            #expect(summary.chunksAppended == 2 && summary.wordsTotal == 10)
            // Bob can neither read nor write Alice's session; his own is untouched.
            response = try await upload(aliceSession, key: bob, lines: lines)
            #expect(response.status == .notFound)
            let bobReads = try await Harness.call(client, .get, "/v1/sessions/\(aliceSession)/labels",
                                                  headers: [.authorization: "Bearer \(bob)"])
            try Harness.expectError(bobReads, .notFound, "session_not_found")
            let bobOwn = try await Harness.call(client, .get, "/v1/sessions/\(bobSession)/labels",
                                                headers: [.authorization: "Bearer \(bob)"])
            #expect(try Harness.decode(LabelsPageBody.self, bobOwn).total == 0)
            let aliceOwn = try await Harness.call(client, .get, "/v1/sessions/\(aliceSession)/labels",
                                                  headers: [.authorization: "Bearer \(alice)"])
            let page = try Harness.decode(LabelsPageBody.self, aliceOwn)
            #expect(page.words.map(\.word) == ["Peter", "Blackburn", "flew", "to", "Paris", ".", "Bonn", "said", "no", "."])
            #expect(page.words[6].start == 32)   // "Bonn" follows the text's trailing space directly
            // A bad line fails the upload with how much was appended before it.
            response = try await upload(bobSession, key: bob, lines: #"{"text": "Fine . "}"# + "\n" + "{not json}\n")
            #expect(response.status == .badRequest)
            let error = try JSONDecoder().decode(Harness.ErrorBody.self, from: Data((try await response.body.collect(upTo: 1 << 16)).readableBytesView))
            #expect(error.error.details?["chunks_appended"] == 1)
        }
    }
}
