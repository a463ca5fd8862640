// Checks `Authorization: Bearer <key>` when keys are configured, and records the key's
// owner in the context. Attached to the /v1 route group only: health probes, metrics,
// the spec and the web page stay open.
import Hummingbird

/// Refuses API requests without an accepted key (401).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = MemtxRequestContext
    let keys: APIKeys

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !keys.isOpen else { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
              let owner = keys.owner(of: String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces))
        else { throw APIError.unauthorized }
        var context = context
        context.owner = owner
        return try await next(request, context)
    }
}
