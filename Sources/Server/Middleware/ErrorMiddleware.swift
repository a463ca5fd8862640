// Turns every failure into the API's JSON error shape: our own APIErrors pass through;
// framework errors (body too large, unknown route or method) and anything unexpected are
// mapped to an APIErrorCode, so a client never sees an empty or HTML error body.
import Hummingbird
import NIOCore
import NIOHTTP1

/// Maps thrown errors and bare error statuses to JSON error responses.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The router's paths and their methods (405 with `Allow` for a known path).
    let routes: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return apiError(for: error, request: request, context: context).response(from: request, context: context)
        }
    }

    /// The API error that answers `error`.
    func apiError(for error: any Error, request: Request, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case is NIOTooManyBytesError:
            return APIError(.bodyTooLarge)
        case is CancellationError:
            return APIError(.cancelled)
        case let error as HTTPParserError:
            // The client broke the request off (e.g. cut off at the request deadline): nobody reads this answer.
            context.logger.debug("request body ended early: \(error)")
            return APIError(.badRequest, "the request cannot be read: \(error)")
        case let error as HTTPResponseError where error.status == .notFound:
            let allowed = routes.allowed(for: request.uri.path)
            guard !allowed.isEmpty else { return APIError(.notFound, "no route \(request.method) \(request.uri.path)") }
            return APIError(.methodNotAllowed,
                            "\(request.uri.path) takes \(allowed.joined(separator: ", ")), not \(request.method)",
                            headers: [.allow: allowed.joined(separator: ", ")])
        case let error as HTTPResponseError where error.status == .contentTooLarge:
            return APIError(.bodyTooLarge)
        case let error as HTTPResponseError where error.status == .badRequest:
            return APIError(.badRequest)
        default:
            context.logger.error("unexpected error: \(error)")
            return APIError(.internal)
        }
    }
}
