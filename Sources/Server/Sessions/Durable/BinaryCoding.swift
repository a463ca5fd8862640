// A compact, versionless binary layout for what a durable store writes per chunk: the
// memory (floats bit for bit, little-endian) and a chunk's words and online labels. The
// store's format version covers this layout; a change here must bump it.
import Foundation
import MemoryTransformer

/// Why stored bytes could not be read back.
public enum BinaryCodingError: Error, Equatable {
    case truncated(what: String)
    case invalid(what: String)
}

/// Appends little-endian values to a byte buffer (an array: `Data`'s own appends of a few
/// bytes cost about ten times more, which made encoding a chunk row a third of the model's
/// time for the chunk).
struct BinaryWriter {
    private var bytes: [UInt8] = []

    /// A writer with room for `capacity` bytes.
    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// What was written.
    var data: Data { Data(bytes) }

    mutating func int(_ value: Int) { withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func float(_ value: Float) { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }
    mutating func floats(_ values: [Float]) {
        int(values.count)
        #if _endian(little)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }   // already the layout: one copy
        #else
        for value in values { float(value) }
        #endif
    }
}

/// Reads what `BinaryWriter` wrote, checking every length.
struct BinaryReader {
    private let bytes: [UInt8]
    private var offset = 0
    let what: String

    init(_ data: Data, what: String) {
        bytes = Array(data)
        self.what = what
    }

    var isAtEnd: Bool { offset == bytes.count }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count else { throw BinaryCodingError.truncated(what: what) }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func int() throws -> Int {
        let slice = try take(8)
        return Int(Int64(littleEndian: slice.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }))
    }

    mutating func float() throws -> Float {
        let slice = try take(4)
        return Float(bitPattern: UInt32(littleEndian: slice.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
    }

    mutating func string() throws -> String {
        let count = try int()
        guard let text = String(validating: try take(count), as: UTF8.self) else { throw BinaryCodingError.invalid(what: what) }
        return text
    }

    mutating func floats() throws -> [Float] {
        let count = try int()
        guard count >= 0, count <= (bytes.count - offset) / 4 else { throw BinaryCodingError.truncated(what: what) }
        let slice = try take(4 * count)
        return slice.withUnsafeBytes { raw in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
    }
}

extension BinaryWriter {
    /// One memory entry: score, position, chunk, word, offsets, states, score input.
    mutating func entry(_ entry: MemoryEntry) {
        float(entry.score)
        int(entry.position)
        int(entry.chunk)
        string(entry.word)
        int(entry.start)
        int(entry.end)
        floats(entry.states)
        floats(entry.scoreInput)
    }

    /// Bytes `entry(_:)` writes for `entry`.
    static func size(of entry: MemoryEntry) -> Int {
        4 + 8 * 5 + entry.word.utf8.count + 8 * 2 + 4 * (entry.states.count + entry.scoreInput.count)
    }
}

extension BinaryReader {
    /// The memory entry `BinaryWriter.entry` wrote.
    mutating func entry() throws -> MemoryEntry {
        MemoryEntry(score: try float(), position: try int(), chunk: try int(), word: try string(),
                    start: try int(), end: try int(), states: try floats(), scoreInput: try floats())
    }
}

extension Memory {
    /// The memory as bytes: capacity, policy, stride, then each entry.
    func encoded() -> Data {
        var writer = BinaryWriter(capacity: 64 + entries.reduce(0) { $0 + BinaryWriter.size(of: $1) })
        writer.int(capacity)
        writer.string(policy.rawValue)
        writer.int(stride)
        writer.int(entries.count)
        for entry in entries { writer.entry(entry) }
        return writer.data
    }

    /// The memory `encoded()` wrote.
    static func decoded(from data: Data) throws -> Memory {
        var reader = BinaryReader(data, what: "memory")
        let capacity = try reader.int()
        guard let policy = MemoryPolicy(rawValue: try reader.string()) else { throw BinaryCodingError.invalid(what: "memory policy") }
        let stride = try reader.int()
        let count = try reader.int()
        guard count >= 0, count <= capacity else { throw BinaryCodingError.invalid(what: "memory size") }
        let entries = try (0..<count).map { _ in try reader.entry() }
        guard reader.isAtEnd else { throw BinaryCodingError.invalid(what: "memory (trailing bytes)") }
        return Memory(capacity: capacity, policy: policy, stride: stride, entries: entries)
    }
}

/// A chunk's words and the online labels it completed, as bytes.
enum ChunkRecordCoding {
    static func encode(words: ArraySlice<Word>, labels: ArraySlice<LabeledWord>) -> Data {
        // 32 bytes per word (count, offsets, text of up to 8 bytes) and 44 per label, grown if needed.
        var writer = BinaryWriter(capacity: 16 + 32 * words.count + 44 * labels.count)
        writer.int(words.count)
        for word in words {
            writer.string(word.text)
            writer.int(word.start)
            writer.int(word.end)
        }
        writer.int(labels.count)
        for label in labels {
            writer.string(label.word.text)
            writer.int(label.word.start)
            writer.int(label.word.end)
            writer.int(label.labelID)
            writer.float(label.probability)
        }
        return writer.data
    }

    static func decode(_ data: Data) throws -> (words: [Word], labels: [LabeledWord]) {
        var reader = BinaryReader(data, what: "chunk record")
        let wordCount = try reader.int()
        guard wordCount >= 0 else { throw BinaryCodingError.invalid(what: "chunk word count") }
        let words = try (0..<wordCount).map { _ in Word(text: try reader.string(), start: try reader.int(), end: try reader.int()) }
        let labelCount = try reader.int()
        guard labelCount >= 0 else { throw BinaryCodingError.invalid(what: "chunk label count") }
        let labels = try (0..<labelCount).map { _ in
            LabeledWord(word: Word(text: try reader.string(), start: try reader.int(), end: try reader.int()),
                        labelID: try reader.int(), probability: try reader.float())
        }
        guard reader.isAtEnd else { throw BinaryCodingError.invalid(what: "chunk record (trailing bytes)") }
        return (words, labels)
    }
}
