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
    /// Where each chunk's text starts in `text` (scalar and UTF-8 offsets), so a window of
    /// a long document is found without walking it from the start.
    public var textMarks: [TextMark]
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
        self.textMarks = []
        self.version = 0
    }

    /// Appends a chunk's text to the document.
    public mutating func appendText(_ chunk: String) {
        textMarks.append(TextMark(scalar: textScalars, utf8: text.utf8.count))
        text += chunk
        textScalars += chunk.unicodeScalars.count
    }

    /// The document's text from scalar `start` to scalar `end`, found from the nearest
    /// chunk start (O(chunk + window), not O(document)).
    public func text(scalars range: Range<Int>) -> Substring {
        var low = 0, high = textMarks.count - 1
        while low < high {   // last mark with scalar <= range.lowerBound
            let middle = (low + high + 1) / 2
            if textMarks[middle].scalar <= range.lowerBound { low = middle } else { high = middle - 1 }
        }
        let mark = textMarks.isEmpty ? TextMark(scalar: 0, utf8: 0) : textMarks[low]
        let scalars = text.unicodeScalars
        let chunkStart = text.utf8.index(text.startIndex, offsetBy: mark.utf8)
        let start = scalars.index(chunkStart, offsetBy: range.lowerBound - mark.scalar)
        let end = scalars.index(start, offsetBy: range.count)
        return text[start..<end]
    }

    /// A fresh unguessable session id.
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }
            .map { String(repeating: "0", count: 16 - $0.count) + $0 }
        return "s_" + hex.joined()
    }
}

/// Where a chunk's text starts in the document text.
public struct TextMark: Codable, Sendable, Equatable {
    public let scalar: Int
    public let utf8: Int
}

/// FNV-1a 64 of a chunk's content (its parts, each followed by a unit separator): a
/// cheap fingerprint to tell a true replay from a conflicting one.
enum ContentHash {
    static func of(_ parts: [String]) -> UInt64 {
        var hash = FNV1a.offsetBasis
        for part in parts {   // streamed: FNV-1a of the concatenation, without building it
            for byte in part.utf8 { hash = (hash ^ UInt64(byte)) &* FNV1a.prime }
            hash = (hash ^ 0x1f) &* FNV1a.prime
        }
        return hash
    }
}
