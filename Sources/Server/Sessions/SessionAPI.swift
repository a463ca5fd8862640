// JSON shapes of the session routes. Swift names are camelCase; the wire is snake_case
// (JSONResponse converts; request bodies are read by their snake_case keys), like every other route.
import Foundation

/// Per-session limits, returned when a session is created.
struct SessionLimits: Encodable {
    let maxWordsPerChunk: Int
    let maxWordsPerSession: Int
    let chunkSize: Int
    let memorySize: Int
}

/// Response of POST /v1/sessions.
struct SessionCreated: Encodable {
    let id: String
    let createdAt: Date
    let expiresAt: Date
    let idleTimeoutMinutes: Double
    let limits: SessionLimits
}

/// Body of POST /v1/sessions/{id}/chunks: exactly one of `text` and `words`.
struct ChunkRequest: RequestObject {
    let seq: Int
    let text: String?
    let words: [String]?
    /// Return the online (pass-1) labels this chunk completed.
    let labels: Bool?

    static let fields: Set<String> = ["seq", "text", "words", "labels"]
}

/// A word of the session's document with its index and offsets.
struct SessionWord: Encodable {
    let index: Int
    let word: String
    let start: Int
    let end: Int
}

/// Memory fill.
struct MemoryFill: Encodable {
    let size: Int
    let capacity: Int
}

/// Response of POST /v1/sessions/{id}/chunks: the documented shape, which the route writes
/// with `ChunkResponseJSON` (byte-equal to this type's encoding, tested).
struct ChunkResponse: Encodable {
    let seq: Int
    /// True when this `seq` had already been acknowledged and its stored answer is replayed.
    let replayed: Bool
    let offsetUnit = "unicode_scalar"
    let words: [SessionWord]
    let wordsTotal: Int
    let chunksRead: Int
    let memory: MemoryFill
    /// Present when the request asked for `labels`: the pass-1 labels of the words whose
    /// model chunk this append completed (they may include words of earlier appends).
    let onlineLabels: [WordOutput]?
}

/// Response of the streamed upload.
struct StreamResponse: Encodable {
    let chunksAppended: Int
    /// `seq` of the first and last chunk the upload appended (nil when none).
    let firstSeq: Int?
    let lastSeq: Int?
    let wordsAppended: Int
    let wordsTotal: Int
    let chunksRead: Int
    let memory: MemoryFill
}

/// A page of GET /v1/sessions/{id}/labels.
struct LabelsPage: Encodable {
    let offset: Int
    let limit: Int
    let total: Int
    /// Offset of the next page, nil on the last.
    let nextOffset: Int?
    let offsetUnit = "unicode_scalar"
    let words: [WordOutput]
    /// Entities whose words are all on this page (one cut by a page boundary is split).
    let entities: [EntityOutput]

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(offset, forKey: .offset)
        try container.encode(limit, forKey: .limit)
        try container.encode(total, forKey: .total)
        try container.encode(nextOffset, forKey: .nextOffset)   // explicit null on the last page
        try container.encode(offsetUnit, forKey: .offsetUnit)
        try container.encode(words, forKey: .words)
        try container.encode(entities, forKey: .entities)
    }

    enum CodingKeys: String, CodingKey { case offset, limit, total, nextOffset, offsetUnit, words, entities }
}

/// A memory entry as the API shows it.
struct MemoryEntryOutput: Encodable {
    let word: String
    let score: Float
    let chunk: Int
    /// Word index in the document.
    let index: Int
    let start: Int
    let end: Int
    /// 1-based rank by score (set by lookups).
    var rank: Int?
    /// Attention weight (attention queries) or cosine similarity (nearest queries).
    var weight: Float?
    var similarity: Float?
}

/// Response of GET /v1/sessions/{id}/memory.
struct MemoryResponse: Encodable {
    let capacity: Int
    let size: Int
    let chunksRead: Int
    let wordsTotal: Int
    let variant: String
    let offsetUnit = "unicode_scalar"
    /// Sorted by score, highest first (ties: earlier word first).
    let entries: [MemoryEntryOutput]
}

/// Body of POST /v1/sessions/{id}/query.
struct MemoryQuery: RequestObject {
    static let fields: Set<String> = ["type", "word", "ignore_case", "index", "text", "k"]

    enum Kind: String, Decodable { case lookup, attention, nearest }
    let type: Kind
    let word: String?
    let ignoreCase: Bool?
    let index: Int?
    let text: String?
    let k: Int?

    enum CodingKeys: String, CodingKey {
        case type, word, ignoreCase = "ignore_case", index, text, k
    }
}

/// Response of a memory query; the fields present depend on `type`.
struct MemoryQueryResponse: Encodable {
    let type: String
    var word: String?
    var index: Int?
    var text: String?
    var inMemory: Bool?
    var matches: [MemoryEntryOutput]?
    var attendsTo: [MemoryEntryOutput]?
    var nearest: [MemoryEntryOutput]?
}
