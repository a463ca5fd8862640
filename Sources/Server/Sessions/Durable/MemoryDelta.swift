// What one chunk did to a session's memory, as its chunk row keeps it: the memory after
// the chunk as a list of entries, each either kept from the memory before (its word
// position only) or new (in full), plus the stride. Entries never change once in memory
// (a merge keeps or drops them), so a chunk row is about a kilobyte per new entry instead
// of the whole memory (M entries of (L + 1)·d floats, ~24 KB) rewritten per append; the
// memory is rebuilt by applying the rows' deltas in order to the session's first memory.
// An entry that differs from the one at its position before is written in full, so a
// model that did change entries would still be stored exactly.
import Foundation
import MemoryTransformer

/// Encodes and applies memory deltas (the layout is covered by `DurableFormat.version`).
enum MemoryDelta {
    private static let kept = 0, new = 1

    /// The delta that turns `before` into `after`.
    static func encode(from before: Memory, to after: Memory) -> Data {
        var previous: [Int: MemoryEntry] = [:]
        for entry in before.entries { previous[entry.position] = entry }
        let added = after.entries.filter { previous[$0.position] != $0 }
        var writer = BinaryWriter(capacity: 16 + 16 * after.count + added.reduce(0) { $0 + BinaryWriter.size(of: $1) })
        writer.int(after.stride)
        writer.int(after.count)
        for entry in after.entries {
            if previous[entry.position] == entry {
                writer.int(kept)
                writer.int(entry.position)
            } else {
                writer.int(new)
                writer.entry(entry)
            }
        }
        return writer.data
    }

    /// `memory` after the chunk whose delta is `data`.
    static func apply(_ data: Data, to memory: Memory) throws -> Memory {
        var previous: [Int: MemoryEntry] = [:]
        for entry in memory.entries { previous[entry.position] = entry }
        var reader = BinaryReader(data, what: "memory delta")
        let stride = try reader.int()
        let count = try reader.int()
        guard count >= 0, count <= memory.capacity else { throw BinaryCodingError.invalid(what: "memory delta size") }
        let entries = try (0..<count).map { _ in
            switch try reader.int() {
            case kept:
                guard let entry = previous[try reader.int()] else { throw BinaryCodingError.invalid(what: "memory delta (unknown kept entry)") }
                return entry
            case new:
                return try reader.entry()
            default:
                throw BinaryCodingError.invalid(what: "memory delta (entry kind)")
            }
        }
        guard reader.isAtEnd else { throw BinaryCodingError.invalid(what: "memory delta (trailing bytes)") }
        return Memory(capacity: memory.capacity, policy: memory.policy, stride: stride, entries: entries)
    }
}
