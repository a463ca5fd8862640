// The web page's routes in process: every file of Sources/Server/Resources/web/ is served
// (index.html at /, the others at /<name>) byte for byte, with its content type, caching
// headers (ETag, no-cache, 304 on a match), HEAD, CSP and nosniff; the page works offline
// (no URL to another host); index.html loads app.js as a module; every module another
// imports is served and every module is reached from app.js; every element id the
// modules look up exists in the HTML.
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct WebPageTests {
    /// Sources/Server/Resources/web/ in this checkout.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Server/Resources/web")

    /// The page's files on disk, by name.
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { !$0.hasPrefix(".") }.sorted()

    /// The path each file is served at.
    static func path(of file: String) -> String { file == "index.html" ? "/" : "/" + file }

    /// The content type each kind of file is served with.
    static func contentType(of file: String) -> String {
        switch file.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        default: "text/javascript; charset=utf-8"
        }
    }

    /// The script modules' paths.
    static var modulePaths: [String] { files.filter { $0.hasSuffix(".js") }.map(path(of:)) }

    @Test func theFolderHoldsThePage() {
        #expect(Self.files.contains("index.html") && Self.files.contains("app.css") && Self.files.contains("app.js"))
        #expect(Self.modulePaths.count > 1, "app.js imports the other modules")
        #expect(Self.files.allSatisfy { file in [".html", ".css", ".js"].contains { file.hasSuffix($0) } })
    }

    @Test(arguments: files)
    func servesEachFile(file: String) async throws {
        let onDisk = try Data(contentsOf: Self.folder.appendingPathComponent(file))
        let path = Self.path(of: file)
        try await Harness.application().test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == Self.contentType(of: file))
                #expect(response.headers[.cacheControl] == "no-cache")
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("default-src 'self'") && policy.contains("script-src 'self'"))
                #expect(response.headers[HTTPFields.Element.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(Data(response.body.readableBytesView) == onDisk, "the embedded file is the one on disk")
                let body = String(decoding: response.body.readableBytesView, as: UTF8.self)
                #expect(!body.contains("http://") && !body.contains("https://"), "no CDN, no external font")
                try await client.execute(uri: path, method: .head) { head in
                    #expect(head.status == .ok && head.body.readableBytes == 0)
                    #expect(head.headers[.contentLength] == String(onDisk.count))
                    #expect(head.headers[.contentType] == Self.contentType(of: file))
                }
                let tag = try #require(response.headers[.eTag])
                try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: tag]) { again in
                    #expect(again.status == .notModified)
                    #expect(again.body.readableBytes == 0)
                    #expect(again.headers[.eTag] == tag)
                }
                try await client.execute(uri: path, method: .head, headers: [.ifNoneMatch: tag]) { again in
                    #expect(again.status == .notModified)
                }
            }
        }
    }

    @Test func theHTMLLoadsTheEntryModuleAndNoInlineScript() async throws {
        let html = try await Self.text(of: ["/"])["/"]!
        #expect(html.contains("<script type=\"module\" src=\"/app.js\"></script>"))
        #expect(html.contains("<link rel=\"stylesheet\" href=\"/app.css\">"))
        #expect(html.matches(of: /<script\b/).count == 1, "one script element: the entry module")
        #expect(!html.contains(" style=") && !html.contains("<style"), "no inline style (the CSP forbids it)")
    }

    @Test func everyIdTheScriptUsesIsInThePage() async throws {
        let texts = try await Self.text(of: ["/"] + Self.modulePaths)
        let defined = Set(texts["/"]!.matches(of: /id="([a-z-]+)"/).map { String($0.output.1) })
        var used = Set<String>()
        for path in Self.modulePaths {
            used.formUnion(texts[path]!.matches(of: /\$\('([a-z-]+)'\)/).map { String($0.output.1) })
        }
        #expect(used.count > 20)
        #expect(used.subtracting(defined).isEmpty, "ids missing from the HTML: \(used.subtracting(defined))")
    }

    @Test func everyImportedModuleIsServedAndEveryModuleIsImported() async throws {
        let texts = try await Self.text(of: Self.modulePaths)
        let reached = try await Harness.application().test(.router) { client in
            var reached: Set<String> = ["/app.js"]
            var queue = ["/app.js"]
            while let path = queue.popLast() {
                let source = try #require(texts[path], "\(path) is imported but no file of the page")
                for match in source.matches(of: Self.importStatement) {
                    let specifier = String(match.output.1)
                    #expect(specifier.hasPrefix("./") && specifier.hasSuffix(".js"), "\(path) imports \(specifier)")
                    let imported = "/" + specifier.dropFirst(2)
                    try await client.execute(uri: imported, method: .get) { response in
                        #expect(response.status == .ok, "\(path) imports \(imported)")
                        #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                    }
                    if reached.insert(imported).inserted { queue.append(imported) }
                }
            }
            return reached
        }
        #expect(reached == Set(Self.modulePaths), "modules app.js never imports: \(Set(Self.modulePaths).subtracting(reached))")
    }

    @Test func thePageNeedsNoKeyWhereTheAPIDoes() async throws {
        try await Harness.application(keys: ["web-page-test-key-0123"]).test(.router) { client in
            for path in Self.files.map(Self.path(of:)) {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .ok, "\(path)") }
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
            try await client.execute(uri: "/no-such-module.js", method: .get) { #expect($0.status == .notFound) }
        }
    }

    /// The module an import (or re-export) statement names: `import { a } from './x.js';`,
    /// `import './x.js';`, `export { a } from './x.js';` (one statement a line).
    nonisolated(unsafe) static let importStatement =
        /^[ \t]*(?:import[ \t][^'"\n]*from|import|export[ \t][^'"\n]*from)[ \t]*'([^'\n]*)'/.anchorsMatchLineEndings()

    /// The served text of each path.
    static func text(of paths: [String]) async throws -> [String: String] {
        try await Harness.application().test(.router) { client in
            var texts: [String: String] = [:]
            for path in paths {
                texts[path] = try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    return String(decoding: response.body.readableBytesView, as: UTF8.self)
                }
            }
            return texts
        }
    }
}
