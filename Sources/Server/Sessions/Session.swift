// One streaming session: a document appended chunk by chunk, its model state (memory,
// words, online labels), its text, and a receipt per acknowledged chunk so that a
// retried `seq` replays the same answer. A value type: a failed append leaves the
// stored session untouched.
import Foundation
import MemoryTransformer

/// What was acknowledged for one chunk; `receipts[seq]` answers a replay of `seq`.
public struct ChunkReceipt: Codable, Sendable, Equatable {
    /// FNV-1a 64 of the chunk's content, to tell a true replay from a conflicting one.
    public let contentHash: UInt64
    /// The chunk's words: `state.words[firstWord ..< firstWord + wordCount]`.
    public let firstWord: Int
    public let wordCount: Int
    /// Online labels this chunk completed: `state.onlineLabels[firstLabel ..< firstLabel + labelCount]`.
    public let firstLabel: Int
    public let labelCount: Int
    /// Memory size and chunks read right after this chunk.
    public let memorySize: Int
    public let chunksRead: Int
}

/// A session as a store keeps it.
public struct Session: Codable, Sendable {
    /// Unguessable id (`s_` + 32 hex digits from the system's secure generator).
    public let id: String
    /// The API key (its fingerprint) that created it; any other key gets 404.
    public let owner: String
    public let createdAt: Date
    /// Last time the session was used; it expires `idleTimeout` after that.
    public var lastUsedAt: Date
    /// Model state after every acknowledged chunk.
    public var state: DocumentState
    /// The document so far: every chunk's text, concatenated.
    public var text: String
    /// `text.unicodeScalars.count`, kept so appending does not recount.
    public var textScalars: Int
    /// One receipt per acknowledged chunk, indexed by `seq`.
    public var receipts: [ChunkReceipt]
    /// Incremented by every acknowledged chunk (keys caches of derived results).
    public var version: Int

    /// The `seq` the next new chunk must carry.
    public var nextSeq: Int { receipts.count }

    /// A new, empty session.
    public init(id: String, owner: String, now: Date, state: DocumentState) {
        self.id = id
        self.owner = owner
        self.createdAt = now
        self.lastUsedAt = now
        self.state = state
        self.text = ""
        self.textScalars = 0
        self.receipts = []
        self.version = 0
    }

    /// A fresh unguessable session id.
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }
            .map { String(repeating: "0", count: 16 - $0.count) + $0 }
        return "s_" + hex.joined()
    }
}

/// FNV-1a 64 over bytes: a cheap fingerprint of a chunk's content.
enum ContentHash {
    static func of(_ parts: [String]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            hash = (hash ^ 0x1f) &* 0x0000_0100_0000_01b3   // unit separator between parts
        }
        return hash
    }
}
