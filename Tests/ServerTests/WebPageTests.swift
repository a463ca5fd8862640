// The web page's routes in process: the three files with their content types, caching
// headers (ETag, no-cache, 304 on a match), HEAD and CSP; the page works offline (no URL to
// another host); every element id the script looks up exists in the HTML.
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct WebPageTests {
    @Test(arguments: [
        ("/", "text/html; charset=utf-8", "<script src=\"/app.js\" defer></script>"),
        ("/app.js", "text/javascript; charset=utf-8", "'use strict';"),
        ("/app.css", "text/css; charset=utf-8", ".ent::after"),
    ])
    func servesEachFile(path: String, contentType: String, excerpt: String) async throws {
        try await Harness.application().test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == contentType)
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
                let body = String(decoding: response.body.readableBytesView, as: UTF8.self)
                #expect(body.contains(excerpt))
                #expect(!body.contains("http://") && !body.contains("https://"), "no CDN, no external font")
                try await client.execute(uri: path, method: .head) { head in
                    #expect(head.status == .ok && head.body.readableBytes == 0)
                    #expect(head.headers[.contentLength] == String(body.utf8.count))
                }
                let tag = try #require(response.headers[.eTag])
                try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: tag]) { again in
                    #expect(again.status == .notModified)
                    #expect(again.body.readableBytes == 0)
                }
            }
        }
    }

    @Test func everyIdTheScriptUsesIsInThePage() async throws {
        try await Harness.application().test(.router) { client in
            let html = try await client.execute(uri: "/", method: .get) { String(decoding: $0.body.readableBytesView, as: UTF8.self) }
            let script = try await client.execute(uri: "/app.js", method: .get) { String(decoding: $0.body.readableBytesView, as: UTF8.self) }
            let used = Set(script.matches(of: /\$\('([a-z-]+)'\)/).map { String($0.output.1) })
            let defined = Set(html.matches(of: /id="([a-z-]+)"/).map { String($0.output.1) })
            #expect(!used.isEmpty)
            #expect(used.subtracting(defined).isEmpty, "ids missing from the HTML: \(used.subtracting(defined))")
        }
    }

    @Test func thePageNeedsNoKeyWhereTheAPIDoes() async throws {
        try await Harness.application(keys: ["web-page-test-key-0123"]).test(.router) { client in
            for path in ["/", "/app.js", "/app.css"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/v1/model", method: .get) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func anotherVersionIsSentInFull() async throws {
        try await Harness.application().test(.router) { client in
            try await client.execute(uri: "/app.css", method: .get, headers: [.ifNoneMatch: "\"0\""]) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes > 1000)
            }
        }
    }
}
