// Turns every failure into the API's JSON error shape: our own APIErrors pass through;
// framework errors (body too large, unknown route) and anything unexpected are mapped,
// so a client never sees an empty or HTML error body.
import Hummingbird
import NIOCore

/// Maps thrown errors and bare error statuses to JSON error responses.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            return try APIError(.contentTooLarge, code: "body_too_large",
                                message: "the request body exceeds the limit (see GET /v1/model)")
                .response(from: request, context: context)
        } catch is CancellationError {
            return try APIError(.serviceUnavailable, code: "cancelled",
                                message: "the request was cancelled (its client went away) before the model ran")
                .response(from: request, context: context)
        } catch let error as HTTPResponseError {
            let code = error.status == .notFound ? "not_found" : "http_\(error.status.code)"
            let message = error.status == .notFound
                ? "no route \(request.method) \(request.uri.path)" : error.status.reasonPhrase
            return try APIError(error.status, code: code, message: message).response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error: \(error)")
            return try APIError(.internalServerError, code: "internal", message: "internal error")
                .response(from: request, context: context)
        }
    }
}
