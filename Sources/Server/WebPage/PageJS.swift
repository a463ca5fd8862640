// The web page's script (served at /app.js): one strict-mode function scope assembled
// from the parts in PageJS+*.swift — API calls and errors, streaming into a session,
// the document view, the memory panel, and the page's wiring. Plain ES2020, no modules,
// no dependencies; it talks only to this server's public API.

/// app.js of the page.
enum PageJS {
    /// The script: the parts in dependency order inside one function scope.
    static var source: String {
        (["(() => {", "'use strict';", api, stream, document, memory, app, "})();"]).joined(separator: "\n")
    }
}
