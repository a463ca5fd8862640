// The edge of the HTTP protocol: a wrong method on a known path (405 with Allow), an
// explicit null (422 null_field), a client trickling its request (408 or a closed
// connection after the request deadline), and a client that writes an oversized body
// whole before reading (it still reads the 413).
import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

@Suite struct ProtocolEdgeTests {
    @Test(arguments: [
        (HTTPRequest.Method.put, "/v1/label", "POST"),
        (.delete, "/v1/model", "GET,HEAD"),
        (.get, "/v1/sessions/some-id/chunks", "POST"),
        (.patch, "/v1/sessions", "POST"),
        (.post, "/v1/sessions/some-id", "DELETE"),
        (.post, "/health/live", "GET,HEAD"),
    ])
    func aWrongMethodOnAKnownPathIs405WithAllow(method: HTTPRequest.Method, path: String, allow: String) async throws {
        try await Harness.application().test(.router) { client in
            let response = try await Harness.call(client, method, path, body: "{}", checkSpec: false)
            try Harness.expectError(response, .methodNotAllowed, "method_not_allowed")
            let allowed = Set((response.headers[.allow] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(allowed == Set(allow.split(separator: ",").map(String.init)))
        }
    }

    @Test func everyGetRouteAnswersHead() async throws {
        try await Harness.application().test(.router) { client in
            for path in ["/health/live", "/health/ready", "/v1/model", "/openapi.yaml", "/metrics"] {
                let response = try await client.execute(uri: path, method: .head)
                #expect(response.status == .ok, "HEAD \(path)")
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test func anUnknownPathIsStill404() async throws {
        try await Harness.application(keys: ["edge-test-key-0123456789"]).test(.router) { client in
            for path in ["/v1/nothing-here", "/v2/label", "/v1/sessions/a/b/c"] {
                let response = try await Harness.call(client, .get, path, checkSpec: false)
                try Harness.expectError(response, .notFound, "not_found")
                #expect(response.headers[.allow] == nil)
            }
        }
    }

    @Test func theAPIStillNeedsItsKeyAndThePageDoesNot() async throws {
        try await Harness.application(keys: ["edge-test-key-0123456789"]).test(.router) { client in
            try Harness.expectError(try await Harness.call(client, .get, "/v1/model"), .unauthorized, "unauthorized")
            try Harness.expectError(try await Harness.call(client, .post, "/v1/sessions/x/stream", body: "a",
                                                           contentType: "text/plain"), .unauthorized, "unauthorized")
            #expect(try await Harness.call(client, .get, "/health/live").status == .ok)
            #expect(try await client.execute(uri: "/", method: .get).status == .ok)
        }
    }

    @Test(arguments: [
        #"{"text": null, "words": ["Berlin"]}"#,
        #"{"documents": [{"text": "Berlin", "words": null}]}"#,
        #"{"text": "Berlin", "documents": null}"#,
    ])
    func anExplicitNullIsRefused(body: String) async throws {
        try await Harness.application().test(.router) { client in
            let response = try await Harness.call(client, .post, "/v1/label", body: body)
            try Harness.expectError(response, .unprocessableContent, "null_field")
        }
    }

    @Test func anExplicitNullInAChunkIsRefusedAndAppendsNothing() async throws {
        try await Harness.application().test(.router) { client in
            let id = try await SessionRouteTests.create(client)
            let response = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks",
                                                  body: #"{"seq": 0, "text": "Berlin", "labels": null}"#)
            try Harness.expectError(response, .unprocessableContent, "null_field")
            let ok = try await Harness.call(client, .post, "/v1/sessions/\(id)/chunks", body: #"{"seq": 0, "text": "Berlin"}"#)
            #expect(ok.status == .ok, "seq 0 is still free")
        }
    }

    /// A server whose request deadline is one second.
    static func impatientServer(deadlineSeconds: Int = 1) -> some ApplicationProtocol {
        Harness.application { $0.limits.requestDeadlineSeconds = deadlineSeconds }
    }

    @Test func aBodyTricklingPastTheDeadlineGets408AndTheConnectionCloses() async throws {
        try await Self.impatientServer().test(.live) { client in
            let connection = try RawConnection(port: client.port!)
            let started = ContinuousClock.now
            connection.send("POST /v1/label HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"te")
            let (bytes, closed) = connection.receiveAll()
            let answer = String(decoding: bytes, as: UTF8.self)
            #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
            #expect(answer.contains("\"request_timeout\""))
            #expect(closed)
            #expect(ContinuousClock.now - started < .seconds(10))
            // The server is fine: the next client is served.
            #expect(try await client.execute(uri: "/health/live", method: .get).status == .ok)
        }
    }

    @Test func headersTricklingPastTheDeadlineCloseTheConnection() async throws {
        try await Self.impatientServer().test(.live) { client in
            let connection = try RawConnection(port: client.port!, receiveTimeout: 1)
            let started = ContinuousClock.now
            connection.send("GET /health/live HTTP/1.1\r\n")
            var closed = false
            for index in 0..<40 where !closed {
                // One header line every 250 ms: never idle for long, never done.
                guard connection.send("X-Slow-\(index): 1\r\n") else { closed = true; break }
                try await Task.sleep(for: .milliseconds(250))
                if ContinuousClock.now - started > .seconds(2) {
                    closed = connection.receiveAll().closed
                }
            }
            #expect(closed, "the server kept a trickling client for 10 s")
            #expect(ContinuousClock.now - started < .seconds(8))
        }
    }

    @Test func aRequestWithinTheDeadlineOnAKeptAliveConnectionIsServed() async throws {
        // A 2 s deadline and requests 1.2 s apart: the connection lives 3.6 s, well past one
        // deadline, while each answer has 2 s even on a loaded test run (with 1 s, a loaded
        // run once closed the connection before the fourth answer).
        try await Self.impatientServer(deadlineSeconds: 2).test(.live) { client in
            // The default receive time-out (15 s): under a loaded test run the answer may be
            // late, and `Connection: close` ends the wait as soon as it comes.
            let connection = try RawConnection(port: client.port!)
            for _ in 0..<3 {
                connection.send("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n")
                try await Task.sleep(for: .milliseconds(1_200))
            }
            connection.send("GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            let answer = String(decoding: connection.receiveAll().bytes, as: UTF8.self)
            #expect(answer.components(separatedBy: "HTTP/1.1 200").count - 1 == 4, "\(answer)")
        }
    }

    @Test func anOversizedBodyWrittenWholeBeforeReadingStillGetsThe413() async throws {
        try await Harness.application().test(.live) { client in
            // 60 s to answer: in the full parallel suite the server reads the 16 MiB body slowly
            // (loopback buffers take most of it at once, so the write ends long before the
            // drain does), and a 15 s wait once ended with no answer yet (CI flake).
            let connection = try RawConnection(port: client.port!, receiveTimeout: 60)
            let size = 16 * 1024 * 1024
            connection.send("POST /v1/label HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: \(size)\r\nConnection: close\r\n\r\n")
            let written = connection.send([UInt8](repeating: UInt8(ascii: " "), count: size))
            #expect(written, "the server reset the connection while the body was being written")
            let answer = String(decoding: connection.receiveAll().bytes, as: UTF8.self)
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer.prefix(200))")
            #expect(answer.contains("\"body_too_large\""))
        }
    }
}
