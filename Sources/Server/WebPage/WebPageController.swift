// GET / and the page's other files (/app.css, /app.js and the ES modules it imports):
// the web page that shows what the model sees (entities highlighted, the memory and its
// attention). Plain HTML, CSS and JavaScript modules from Sources/Server/Resources/web/,
// compiled into the binary (WebPageFiles), so it serves the page offline; no CDN, no
// fonts, no build toolchain. The page only calls the public API.
import Hummingbird

/// Routes serving the web page's files.
struct WebPageController<Context: RequestContext>: Sendable {
    /// Only this origin's files and API; no inline script, no frames.
    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    }

    let assets: [String: WebAsset]

    init() { assets = WebPageFiles.assets }

    /// The routes, at the top level: GET and HEAD for every file.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        for (path, asset) in assets {
            routes.get(RouterPath(path)) { request, _ in Self.serve(asset, for: request) }
            routes.head(RouterPath(path)) { request, _ in Self.serve(asset, for: request).withoutBody(length: asset.body.readableBytes) }
        }
        return routes
    }

    /// The asset, or 304 Not Modified when the browser already holds this version.
    static func serve(_ asset: WebAsset, for request: Request) -> Response {
        var headers: HTTPFields = [
            .eTag: asset.eTag,
            // Revalidate every time (cheap, thanks to the ETag): a new binary's page is never stale.
            .cacheControl: "no-cache",
            .contentSecurityPolicy: contentSecurityPolicy,
        ]
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "no-referrer"
        if let tags = request.headers[.ifNoneMatch], asset.matches(ifNoneMatch: tags) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.body))
    }
}

extension Response {
    /// The same response for a HEAD request: headers only, with the length a GET would send.
    func withoutBody(length: Int) -> Response {
        var headers = self.headers
        if status == .ok { headers[.contentLength] = String(length) }
        return Response(status: status, headers: headers)
    }
}

/// Header names HTTPTypes does not predefine (HTTPField itself is not re-exported by Hummingbird).
private extension HTTPFields.Element.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
