// Makes the request's connection visible to the compute queue (ClientConnection), so
// model work for a client that disconnected is dropped instead of run.
import Hummingbird

/// Binds `ClientConnection.channel` for the rest of the request.
struct ClientConnectionMiddleware: RouterMiddleware {
    typealias Context = MemtxRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // A connection that is not active to begin with (an in-process test channel) says nothing.
        guard context.channel.isActive else { return try await next(request, context) }
        return try await ClientConnection.$channel.withValue(context.channel) { try await next(request, context) }
    }
}
