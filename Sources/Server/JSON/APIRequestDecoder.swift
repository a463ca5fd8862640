// Hummingbird's request decoder for memtx's routes (`MemtxRequestContext.requestDecoder`),
// so a route reads its body with `request.decode(as:context:)`: JSONBody's checks (415,
// 413 beyond the context's `maxUploadSize`, one parse that also refuses unknown fields and
// nulls) for every `RequestObject`.
import Foundation
import Hummingbird

/// Decodes request bodies with the API's errors.
public struct APIRequestDecoder: RequestDecoder {
    public init() {}

    /// The body as `type`: a `RequestObject` through JSONBody; anything else with a plain
    /// JSONDecoder (no route asks for one).
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        guard let object = type as? any RequestObject.Type else {
            return try await JSONDecoder().decode(type, from: request, context: context)
        }
        return try await Self.decode(object, from: request, limit: context.maxUploadSize) as! T
    }

    private static func decode<Object: RequestObject>(_: Object.Type, from request: Request, limit: Int) async throws -> Object {
        try await JSONBody.json(Object.self, from: request, limit: limit, emptyIsObject: Object.emptyIsObject)
    }
}
