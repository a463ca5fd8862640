// Content-Encoding: gzip on responses, for every route: a response of known length above
// 1 KiB is deflated when the client's Accept-Encoding offers gzip. Streamed responses
// (NDJSON) pass through uncompressed. Request bodies: GzipRequestMiddleware.
import Foundation
import Hummingbird
import NIOCore

/// Deflates responses for clients that accept it.
struct GzipResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Smaller responses are not worth compressing.
    let minimumResponseBytes = 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
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
