// Content-Encoding: gzip both ways. A gzip request body is inflated (capped at the body
// limit, so 413 still applies to what the body expands to); a response of known length
// above 1 KiB is deflated when the client's Accept-Encoding offers gzip. Streamed
// responses (NDJSON) pass through uncompressed.
import Foundation
import Hummingbird
import NIOCore

/// Inflates gzip requests and deflates responses for clients that accept it.
struct GzipMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBodyBytes: Int
    /// Smaller responses are not worth compressing.
    let minimumResponseBytes = 1024

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
        var response = try await next(request, context)
        guard Self.acceptsGzip(request.headers[.acceptEncoding]),
              let length = response.body.contentLength, length >= minimumResponseBytes,
              response.headers[.contentEncoding] == nil
        else { return response }
        let collector = BodyCollector()
        try await response.body.write(collector)
        let compressed = Gzip.deflate(collector.buffer)
        response.body = .init(byteBuffer: compressed)
        response.headers[.contentEncoding] = "gzip"
        response.headers[.contentLength] = String(compressed.readableBytes)
        response.headers[.vary] = "Accept-Encoding"
        return response
    }

    /// True when `Accept-Encoding` lists gzip (or `*`) with a non-zero quality.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        return header.lowercased().split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.first == "gzip" || parts.first == "*" else { return false }
            return !parts.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "") == "q=0" }
        }
    }
}

/// Collects a fixed-length response body into one buffer.
final class BodyCollector: ResponseBodyWriter, @unchecked Sendable {
    private(set) var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var copy = buffer
        self.buffer.writeBuffer(&copy)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
