// The memory as a value type: the M words a document keeps, merged after every chunk
// (memory ∪ chunk → top-M). The rule depends on the variant; each is deterministic and
// independent of how the document was cut into chunks, given the words' ranking keys.
// Not differentiable; the learned score is trained through attention instead.
import Foundation

/// How a memory ranks and drops words.
public enum MemoryPolicy: String, Codable, Sendable {
    /// Keep the highest `score`; ties go to the earlier position.
    case topScore
    /// One entry per word (`WordForm`: normal form): its earliest occurrence still held,
    /// ranked by the best score any occurrence of it has had; then as `topScore`.
    case topScorePerWord
    /// Keep the most recent words (highest position).
    case mostRecent
    /// Keep positions that are multiples of a stride, doubling the stride when full.
    case strided
    /// Keep nothing.
    case empty
}

/// The words a document keeps, sorted best first.
public struct Memory: Codable, Sendable, Equatable {
    /// Maximum number of entries (M).
    public let capacity: Int
    /// The ranking rule.
    public let policy: MemoryPolicy
    /// Current stride (strided policy only; 1 otherwise).
    public private(set) var stride: Int = 1
    /// Entries, best first (by score, recency or position, according to the policy).
    public private(set) var entries: [MemoryEntry] = []

    public init(capacity: Int, policy: MemoryPolicy) {
        self.capacity = capacity
        self.policy = capacity == 0 ? .empty : policy
    }

    /// Number of entries held.
    /// A memory restored from storage exactly as it was saved.
    public init(capacity: Int, policy: MemoryPolicy, stride: Int, entries: [MemoryEntry]) {
        self.capacity = capacity
        self.policy = policy
        self.stride = stride
        self.entries = entries
    }

    public var count: Int { entries.count }

    /// Merges `candidates` (e.g. one chunk's words) into the memory: memory ∪ candidates
    /// → the best `capacity` by the policy. With `topScorePerWord`, a held word that the
    /// candidates hold again gets `recurrenceBonus` added to its ranking key (once per merge).
    public mutating func merge(_ candidates: [MemoryEntry], recurrenceBonus: Float = 0) {
        switch policy {
        case .empty:
            return
        case .topScore:
            entries = Self.best(entries + candidates, count: capacity, by: Self.higherScore)
        case .topScorePerWord:
            var merged = Self.onePerWord(entries + candidates)
            if recurrenceBonus != 0 {
                // σ(best score of the word in this chunk): a frequent word the score rates low gains nothing.
                let held = Set(entries.map { WordForm.of($0.word) })
                var again: [UInt64: Float] = [:]
                for candidate in candidates where held.contains(WordForm.of(candidate.word)) {
                    again[WordForm.of(candidate.word)] = max(again[WordForm.of(candidate.word)] ?? -.infinity, candidate.score)
                }
                for i in merged.indices {
                    if let score = again[WordForm.of(merged[i].word)] { merged[i].score += recurrenceBonus / (1 + exp(-score)) }
                }
            }
            entries = Self.best(merged, count: capacity, by: Self.higherScore)
        case .mostRecent:
            entries = Self.best(entries + candidates, count: capacity) { $0.position > $1.position }
        case .strided:
            var kept = entries + candidates.filter { $0.position % stride == 0 }
            while kept.count > capacity {
                stride *= 2
                kept = kept.filter { $0.position % stride == 0 }
            }
            entries = kept.sorted { $0.position < $1.position }
        }
    }

    /// Higher score first; ties to the earlier position.
    private static func higherScore(_ a: MemoryEntry, _ b: MemoryEntry) -> Bool {
        a.score != b.score ? a.score > b.score : a.position < b.position
    }

    /// One entry per `WordForm` of `items`: the earliest, with the highest score of them all.
    private static func onePerWord(_ items: [MemoryEntry]) -> [MemoryEntry] {
        var index: [UInt64: Int] = [:]
        var result: [MemoryEntry] = []
        for item in items.sorted(by: { $0.position < $1.position }) {
            let form = WordForm.of(item.word)
            if let at = index[form] {
                result[at].score = max(result[at].score, item.score)
            } else {
                index[form] = result.count
                result.append(item)
            }
        }
        return result
    }

    /// The `count` best of `items` under `isBetter`, best first (a full sort: M is small).
    private static func best(
        _ items: [MemoryEntry], count: Int, by isBetter: (MemoryEntry, MemoryEntry) -> Bool
    ) -> [MemoryEntry] {
        Array(items.sorted(by: isBetter).prefix(count))
    }

    /// Entries read in chunks other than `chunk` (a chunk already sees its own words).
    public func excluding(chunk: Int) -> [MemoryEntry] { entries.filter { $0.chunk != chunk } }
}
