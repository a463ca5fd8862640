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

/// Appends little-endian values to a byte buffer.
struct BinaryWriter {
    private(set) var data = Data()

    mutating func int(_ value: Int) { withUnsafeBytes(of: Int64(value).littleEndian) { data.append(contentsOf: $0) } }
    mutating func float(_ value: Float) { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
    mutating func string(_ value: String) {
        int(value.utf8.count)
        data.append(contentsOf: value.utf8)
    }
    mutating func floats(_ values: [Float]) {
        int(values.count)
        for value in values { float(value) }
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
        return Int(Int64(littleEndian: slice.reversed().reduce(0) { $0 << 8 | Int64($1) }))
    }

    mutating func float() throws -> Float {
        let slice = try take(4)
        return Float(bitPattern: UInt32(littleEndian: slice.reversed().reduce(0) { $0 << 8 | UInt32($1) }))
    }

    mutating func string() throws -> String {
        let count = try int()
        guard let text = String(validating: try take(count), as: UTF8.self) else { throw BinaryCodingError.invalid(what: what) }
        return text
    }

    mutating func floats() throws -> [Float] {
        let count = try int()
        guard count >= 0, count <= (bytes.count - offset) / 4 else { throw BinaryCodingError.truncated(what: what) }
        return try (0..<count).map { _ in try float() }
    }
}

extension Memory {
    /// The memory as bytes: capacity, policy, stride, then each entry.
    func encoded() -> Data {
        var writer = BinaryWriter()
        writer.int(capacity)
        writer.string(policy.rawValue)
        writer.int(stride)
        writer.int(entries.count)
        for entry in entries {
            writer.float(entry.score)
            writer.int(entry.position)
            writer.int(entry.chunk)
            writer.string(entry.word)
            writer.int(entry.start)
            writer.int(entry.end)
            writer.floats(entry.states)
            writer.floats(entry.scoreInput)
        }
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
        let entries = try (0..<count).map { _ in
            MemoryEntry(score: try reader.float(), position: try reader.int(), chunk: try reader.int(),
                        word: try reader.string(), start: try reader.int(), end: try reader.int(),
                        states: try reader.floats(), scoreInput: try reader.floats())
        }
        guard reader.isAtEnd else { throw BinaryCodingError.invalid(what: "memory (trailing bytes)") }
        return Memory(capacity: capacity, policy: policy, stride: stride, entries: entries)
    }
}

/// A chunk's words and the online labels it completed, as bytes.
enum ChunkRecordCoding {
    static func encode(words: ArraySlice<Word>, labels: ArraySlice<LabeledWord>) -> Data {
        var writer = BinaryWriter()
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
