// The service's cross-cutting routes and middleware in process: gzip both ways,
// Prometheus metrics, the embedded spec, and the spec covering every route.
import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

@Suite struct ServiceRouteTests {
    @Test func gzipRoundTripAndCorruptInput() throws {
        let plain = ByteBuffer(string: String(repeating: "memtx reads long documents . ", count: 500))
        let compressed = Gzip.deflate(plain)
        #expect(compressed.readableBytes < plain.readableBytes / 10)
        #expect(try Gzip.inflate(compressed, limit: 1 << 20) == plain)
        #expect(throws: GzipError.tooLarge(limit: 100)) { try Gzip.inflate(compressed, limit: 100) }
        var truncated = compressed
        truncated.moveWriterIndex(to: compressed.readableBytes / 2)
        #expect(throws: GzipError.self) { try Gzip.inflate(truncated, limit: 1 << 20) }
        #expect(throws: GzipError.self) { try Gzip.inflate(ByteBuffer(string: "not gzip at all"), limit: 1 << 20) }
    }

    @Test func gzipRequestsAndResponses() async throws {
        let text = LongDocument.text(words: 200)
        let body = #"{"text": \#(String(decoding: try JSONEncoder().encode(text), as: UTF8.self))}"#
        try await Harness.application().test(.router) { client in
            let plain = try await Harness.call(client, .post, "/v1/label", body: body)
            #expect(plain.headers[.contentEncoding] == nil)
            let zipped = try await Harness.call(
                client, .post, "/v1/label", bytes: Gzip.deflate(ByteBuffer(string: body)),
                headers: [.contentEncoding: "gzip", .acceptEncoding: "br;q=1, gzip;q=0.8"], checkSpec: false)
            #expect(zipped.status == .ok)
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.vary] == "Accept-Encoding")
            #expect(try Gzip.inflate(zipped.body, limit: 1 << 24) == plain.body)
            var response = try await Harness.call(client, .post, "/v1/label", bytes: ByteBuffer(string: "garbage"),
                                                   headers: [.contentEncoding: "gzip"])
            try Harness.expectError(response, .badRequest, "malformed_gzip")
            response = try await Harness.call(client, .post, "/v1/label", body: body, headers: [.contentEncoding: "br"])
            try Harness.expectError(response, .unsupportedMediaType, "unsupported_content_encoding")
        }
        // A small body that inflates past the limit is refused as too large.
        let bomb = Gzip.deflate(ByteBuffer(string: #"{"text": ""# + String(repeating: "a ", count: 50_000) + #""}"#))
        try await Harness.application { $0.limits.maxBodyBytes = 20_000 }.test(.router) { client in
            #expect(bomb.readableBytes < 20_000)
            let response = try await Harness.call(client, .post, "/v1/label", bytes: bomb, headers: [.contentEncoding: "gzip"])
            try Harness.expectError(response, .contentTooLarge, "body_too_large")
        }
    }

    @Test func metricsCountRequestsWordsAndSessions() async throws {
        try await Harness.application().test(.router) { client in
            _ = try await Harness.call(client, .post, "/v1/label", body: #"{"text": "Peter Blackburn visited Paris ."}"#)
            _ = try await Harness.call(client, .post, "/v1/label", body: #"{"text": 5}"#)
            let id = try await SessionRouteTests.create(client)
            _ = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: SessionRouteTests.chunk(0, "Paris is big ."))
            let response = try await Harness.call(client, .get, "/metrics")
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(buffer: response.body)
            #expect(text.contains(#"memtx_http_requests_total{route="/v1/label",method="POST",status="200"} 1"#))
            #expect(text.contains(#"memtx_http_requests_total{route="/v1/label",method="POST",status="400"} 1"#))
            #expect(text.contains(#"memtx_http_requests_total{route="/v1/sessions/{id}/chunks",method="POST",status="200"} 1"#))
            #expect(text.contains("memtx_http_request_duration_seconds_bucket{"))
            #expect(text.contains("memtx_words_labelled_total 5"))
            #expect(text.contains("memtx_sessions_active 1"))
            #expect(text.contains("memtx_memory_fill_ratio_count 1"))
            #expect(text.contains("memtx_compute_queue_depth 0"))
        }
    }

    @Test func servesItsSpecAndTheSpecCoversEveryRoute() async throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("openapi.yaml")
        try await Harness.application().test(.router) { client in
            let response = try await Harness.call(client, .get, "/openapi.yaml")
            #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
            #expect(String(buffer: response.body) == (try String(contentsOf: file, encoding: .utf8)))
            for path in ["/", "/app.js", "/app.css"] {   // the web page, checked against the spec too
                #expect(try await Harness.call(client, .get, path).status == .ok)
            }
        }
        // Every operation of the spec is a route these tests call, and no other exists.
        let tested: Set<String> = [
            "POST /v1/label", "POST /v1/sessions", "DELETE /v1/sessions/{id}", "POST /v1/sessions/{id}/chunks",
            "POST /v1/sessions/{id}/stream", "GET /v1/sessions/{id}/labels", "GET /v1/sessions/{id}/memory",
            "POST /v1/sessions/{id}/query", "GET /v1/model", "GET /health/live", "GET /health/ready",
            "GET /metrics", "GET /openapi.yaml", "GET /", "GET /app.js", "GET /app.css",
        ]
        var documented: Set<String> = []
        for (path, item) in OpenAPIContract.shared.paths {
            for method in ["get", "post", "put", "delete", "patch"] where (item as? [String: Any])?[method] != nil {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(documented == tested)
    }
}
