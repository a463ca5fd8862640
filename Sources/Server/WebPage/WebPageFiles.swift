// The web page's files by the path each is served at: index.html at /, app.css, and the
// script's ES modules (app.js, the entry, and the modules it imports) beside it, so
// `import … from './api.js'` resolves to /api.js. The bytes are compiled into the binary
// from Sources/Server/Resources/web/ (one `.embedInCode` per file in Package.swift, which
// generates PackageResources.<file_name>). A new file needs a line here and one there.

/// The page's files as served.
enum WebPageFiles {
    /// The content type of every script module.
    static let javaScript = "text/javascript; charset=utf-8"

    /// The script's ES modules: file name → bytes.
    static let modules: [(name: String, bytes: [UInt8])] = [
        ("app.js", PackageResources.app_js),
        ("api.js", PackageResources.api_js),
        ("document.js", PackageResources.document_js),
        ("dom.js", PackageResources.dom_js),
        ("file.js", PackageResources.file_js),
        ("format.js", PackageResources.format_js),
        ("label.js", PackageResources.label_js),
        ("memory.js", PackageResources.memory_js),
        ("messages.js", PackageResources.messages_js),
        ("samples.js", PackageResources.samples_js),
        ("state.js", PackageResources.state_js),
        ("stream.js", PackageResources.stream_js),
    ]

    /// Every file of the page by its path: `/`, `/app.css` and `/<module>.js`.
    static var assets: [String: WebAsset] {
        var assets = [
            "/": WebAsset(contentType: "text/html; charset=utf-8", bytes: PackageResources.index_html),
            "/app.css": WebAsset(contentType: "text/css; charset=utf-8", bytes: PackageResources.app_css),
        ]
        for module in modules {
            assets["/" + module.name] = WebAsset(contentType: javaScript, bytes: module.bytes)
        }
        return assets
    }
}
