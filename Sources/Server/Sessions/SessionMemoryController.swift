// The memory of a session, laid bare: GET /v1/sessions/{id}/memory lists the words kept,
// by score; POST /v1/sessions/{id}/query answers questions about them (is a word kept,
// which memory words a document word attends to most, which are nearest to a text).
// Both see the memory of the document as if it ended now (the pending tail read).
import Foundation
import Hummingbird
import MemoryTransformer

/// Memory and memory-query routes.
struct SessionMemoryController: Sendable {
    typealias Context = MemtxRequestContext
    let sessions: SessionService
    /// Default number of entries a query returns.
    let defaultK = 5
    /// Most words a nearest-words query text may have (one model chunk).
    var maxQueryWords: Int { sessions.model.config.chunkSize }

    /// The routes, relative to /v1.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("sessions/{id}/memory", use: memory)
        routes.post("sessions/{id}/query", use: query)
        return routes
    }

    @Sendable func memory(_ request: Request, context: Context) async throws -> Response {
        let (_, done) = try await sessions.finished(id: try context.parameters.require("id"), owner: context.owner)
        let config = sessions.model.config
        return try JSONResponse.make(MemoryResponse(
            capacity: config.memorySize, size: done.memory.count, chunksRead: done.chunksRead,
            wordsTotal: done.words.count, variant: config.memoryVariant.rawValue,
            entries: Self.ranked(done.memory.entries).map { Self.output($0) }))
    }

    @Sendable func query(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let question = try await request.decode(as: MemoryQuery.self, context: context)
        let capacity = sessions.model.config.memorySize
        let k = question.k ?? defaultK
        guard (1...max(1, capacity)).contains(k) else {
            throw APIError(.invalidK, "k must be in 1...\(capacity), not \(k)",
                           details: ["actual": k, "allowed": capacity])
        }
        let (_, done) = try await sessions.finished(id: id, owner: context.owner)
        switch question.type {
        case .lookup:
            guard let word = question.word, !word.isEmpty else { throw Self.missing("word", for: "lookup") }
            let ignoreCase = question.ignoreCase ?? false
            let matches = Self.ranked(done.memory.entries).enumerated().filter { _, entry in
                ignoreCase ? entry.word.lowercased() == word.lowercased() : entry.word == word
            }.map { rank, entry in
                var output = Self.output(entry)
                output.rank = rank + 1
                return output
            }
            return try JSONResponse.make(MemoryQueryResponse(type: "lookup", word: word, inMemory: !matches.isEmpty, matches: matches))
        case .attention:
            guard let index = question.index else { throw Self.missing("index", for: "attention") }
            guard (0..<done.words.count).contains(index) else {
                throw APIError(.indexOutOfRange, "index \(index) is not a word of the session (it has \(done.words.count))",
                               details: ["actual": index, "allowed": max(0, done.words.count - 1)])
            }
            let weighted = try await sessions.compute.run { model in model.memoryAttention(done, word: index, k: k) }
            return try JSONResponse.make(MemoryQueryResponse(
                type: "attention", word: done.words[index].text, index: index,
                attendsTo: weighted.map { item in
                    var output = Self.output(item.entry)
                    output.weight = item.weight
                    return output
                }))
        case .nearest:
            guard let text = question.text else { throw Self.missing("text", for: "nearest") }
            let words = Tokenizer().tokenize(text)
            guard !words.isEmpty, words.count <= maxQueryWords else {
                throw APIError(.invalidQueryText, "text must have 1...\(maxQueryWords) words, not \(words.count)",
                               details: ["actual": words.count, "allowed": maxQueryWords])
            }
            let weighted = try await sessions.compute.run { model in model.nearestMemoryWords(done, query: words, k: k) }
            return try JSONResponse.make(MemoryQueryResponse(
                type: "nearest", text: text,
                nearest: weighted.map { item in
                    var output = Self.output(item.entry)
                    output.similarity = item.weight
                    return output
                }))
        }
    }

    /// Entries by score, highest first; ties: earlier word first.
    static func ranked(_ entries: [MemoryEntry]) -> [MemoryEntry] {
        entries.sorted { $0.score != $1.score ? $0.score > $1.score : $0.position < $1.position }
    }

    static func output(_ entry: MemoryEntry) -> MemoryEntryOutput {
        MemoryEntryOutput(word: entry.word, score: entry.score, chunk: entry.chunk, index: entry.position,
                          start: entry.start, end: entry.end)
    }

    static func missing(_ field: String, for type: String) -> APIError {
        APIError(.invalidQuery, "a \(type) query needs \(field)")
    }
}
