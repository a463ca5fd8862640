// Refuses a body whose declared Content-Length is over the limit before reading any of
// it (413 at once). Bodies without a length (chunked) are limited while they are read;
// the streamed upload has no total limit (its words are limited per session).
import Hummingbird

/// 413 for a declared body over `maxBodyBytes`.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBodyBytes,
           !request.uri.path.hasSuffix("/stream") {
            throw APIError(.contentTooLarge, code: "body_too_large",
                           message: "the body has \(declared) bytes; at most \(maxBodyBytes)",
                           details: ["actual": declared, "allowed": maxBodyBytes])
        }
        return try await next(request, context)
    }
}
