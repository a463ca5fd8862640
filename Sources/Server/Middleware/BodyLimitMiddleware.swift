// Refuses a body whose declared Content-Length is over the limit (413) before the route
// reads any of it. Bodies without a length (chunked) are limited while they are read: it
// sets the context's maxUploadSize, which `request.decode(as:context:)` reads up to.
// Attached to the API's route group except the streamed upload, which has no total limit
// (its words are limited per session).
//
// A client that writes its whole body before it reads (Python's urllib, many scripts)
// would see a reset connection instead of the 413 if the server closed the socket with
// the body unread; so a refused body up to `maxDrainBytes` is read and dropped first,
// for at most `drainTime`. Beyond that, or when the client waits for `100 Continue` (it
// sends nothing until answered), the 413 goes at once with `Connection: close`.
import Hummingbird

/// A request context whose body limit for decoding a middleware can set.
public protocol BodyLimitedContext: RequestContext {
    var maxUploadSize: Int { get set }
}

/// 413 for a declared body over `maxBodyBytes`; sets the context's `maxUploadSize` to it,
/// which bounds bodies without a declared length as they are read.
struct BodyLimitMiddleware<Context: BodyLimitedContext>: RouterMiddleware {
    let maxBodyBytes: Int
    /// Largest refused body still read to its end before the answer.
    var maxDrainBytes = 256 * 1024 * 1024
    /// Longest time spent reading a refused body.
    var drainTime: Duration = .seconds(10)

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBodyBytes else {
            var context = context
            context.maxUploadSize = maxBodyBytes
            return try await next(request, context)
        }
        let waitsForContinue = request.headers[.expect]?.lowercased() == "100-continue"
        var drained = false
        if !waitsForContinue, declared <= maxDrainBytes {
            drained = await Self.drain(request.body, upTo: maxDrainBytes, within: drainTime)
        }
        throw APIError(.bodyTooLarge, "the body has \(declared) bytes; at most \(maxBodyBytes)",
                       details: ["actual": declared, "allowed": maxBodyBytes],
                       headers: drained ? [:] : [.connection: "close"])
    }

    /// Reads and drops `body`; true if it ended within `limit` bytes and `time`.
    static func drain(_ body: RequestBody, upTo limit: Int, within time: Duration) async -> Bool {
        let ended = try? await withTimeLimit(time) {
            var read = 0
            for try await buffer in body {
                read += buffer.readableBytes
                if read > limit { return false }
            }
            return true
        }
        return ended == true
    }
}
