// Session routes: create, append a chunk (`seq` for safe retries), delete. Streamed
// uploads, labels and memory live in their own controllers.
import Foundation
import Hummingbird
import MemoryTransformer

/// POST /v1/sessions, POST /v1/sessions/{id}/chunks, DELETE /v1/sessions/{id}.
struct SessionController: Sendable {
    typealias Context = MemtxRequestContext
    let sessions: SessionService
    let limits: ServiceLimits

    /// The routes, relative to /v1.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("sessions", use: create)
        routes.post("sessions/{id}/chunks", use: append)
        routes.delete("sessions/{id}", use: delete)
        return routes
    }

    /// Body of POST /v1/sessions: nothing is required.
    struct CreateRequest: RequestObject {
        static let fields: Set<String> = []
        static let emptyIsObject = true
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        _ = try await request.decode(as: CreateRequest.self, context: context)
        let session = try await sessions.create(owner: context.owner)
        let config = sessions.model.config
        let created = SessionCreated(
            id: session.id, createdAt: session.createdAt,
            expiresAt: session.expiresAt(idleTimeout: limits.sessionIdleTimeout),
            idleTimeoutMinutes: limits.sessionIdleTimeoutMinutes,
            limits: SessionLimits(maxWordsPerChunk: limits.maxWordsPerChunk, maxWordsPerSession: limits.maxWordsPerSession,
                                  chunkSize: config.chunkSize, memorySize: config.memorySize))
        var response = try JSONResponse.make(created, status: .created)
        response.headers[.location] = "/v1/sessions/\(session.id)"
        return response
    }

    @Sendable func append(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let chunk = try await request.decode(as: ChunkRequest.self, context: context)
        guard chunk.seq >= 0 else {
            throw APIError(.invalidSeq, "seq must be 0 or more, not \(chunk.seq)",
                           details: ["actual": chunk.seq, "allowed": 0])
        }
        let content = try TextOrWords(text: chunk.text, words: chunk.words)
        let outcome = try await sessions.append(id: id, owner: context.owner, seq: chunk.seq, content: content)
        var response = JSONResponse.make(bytes: ChunkResponseJSON.write(
            outcome, memoryCapacity: sessions.model.config.memorySize, withLabels: chunk.labels == true,
            labels: sessions.model.config.labels))
        if let modelTime = outcome.modelTime {
            // The model's own time for this chunk, so a client can tell it from the rest of the latency.
            response.headers[.serverTiming] = ServerTiming.model(modelTime)
        }
        return response
    }

    @Sendable func delete(_ request: Request, context: Context) async throws -> Response {
        try await sessions.delete(id: try context.parameters.require("id"), owner: context.owner)
        return Response(status: .noContent)
    }
}
