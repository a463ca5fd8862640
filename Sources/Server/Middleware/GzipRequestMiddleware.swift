// Content-Encoding: gzip on request bodies of the API: a gzip body is inflated, capped at
// the body limit (413 applies to what the body expands to; a gzip bomb stops there). On
// the /v1 groups after the declared-length check and authentication, so nobody
// unauthenticated makes the server inflate anything.
import Hummingbird
import NIOCore

/// Inflates gzip request bodies (415 for another Content-Encoding).
struct GzipRequestMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        if let encoding = request.headers[.contentEncoding]?.lowercased() {
            guard encoding == "gzip" || encoding == "identity" else {
                throw APIError(.unsupportedContentEncoding, "Content-Encoding \(encoding) is not supported; use gzip or identity")
            }
            if encoding == "gzip" {
                let compressed = try await request.body.collect(upTo: maxBodyBytes)
                let inflated: ByteBuffer
                do {
                    inflated = try Gzip.inflate(compressed, limit: maxBodyBytes)
                } catch GzipError.tooLarge {
                    throw APIError(.bodyTooLarge, "the inflated body exceeds \(maxBodyBytes) bytes",
                                   details: ["allowed": maxBodyBytes])
                } catch {
                    throw APIError(.malformedGzip, "the gzip body cannot be inflated: \(error)")
                }
                var head = request.head
                head.headerFields[.contentEncoding] = nil
                head.headerFields[.contentLength] = String(inflated.readableBytes)
                request = Request(head: head, body: .init(buffer: inflated))
            }
        }
        return try await next(request, context)
    }
}
