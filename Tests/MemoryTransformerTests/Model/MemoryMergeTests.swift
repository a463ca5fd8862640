// Merge invariants: whatever the chunking, the final memory is the document's top-M
// (by score, ties to the earlier position; by recency; or by stride).
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct MemoryMergeTests {
    func entries(_ count: Int, seed: UInt64, distinctScores: Int) -> [MemoryEntry] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { position in
            MemoryEntry(score: Float(generator.next() % UInt64(distinctScores)), position: position, chunk: 0,
                        word: "w\(position)", start: position, end: position + 1, states: [], scoreInput: [])
        }
    }

    func merged(_ all: [MemoryEntry], policy: MemoryPolicy, capacity: Int, cuts: [Int]) -> Memory {
        var memory = Memory(capacity: capacity, policy: policy)
        var start = 0
        for end in cuts + [all.count] where end > start {
            memory.merge(Array(all[start..<end]))
            start = end
        }
        return memory
    }

    @Test(arguments: [MemoryPolicy.topScore, .mostRecent, .strided])
    func finalMemoryIndependentOfChunking(policy: MemoryPolicy) {
        let all = entries(200, seed: 5, distinctScores: 7)  // many ties
        let whole = merged(all, policy: policy, capacity: 16, cuts: [])
        var generator = SeededGenerator(seed: 6)
        for _ in 0..<20 {
            let cuts = (0..<8).map { _ in Int(generator.next() % 200) }.sorted()
            #expect(merged(all, policy: policy, capacity: 16, cuts: cuts) == whole)
        }
        #expect(whole.count <= 16 && whole.count > 0)
    }

    @Test func topScoreIsTheGlobalTopMWithTiesToEarlierPositions() {
        let all = entries(100, seed: 8, distinctScores: 5)
        let memory = merged(all, policy: .topScore, capacity: 10, cuts: [13, 40, 41, 77])
        let expected = all.sorted { $0.score != $1.score ? $0.score > $1.score : $0.position < $1.position }.prefix(10)
        #expect(memory.entries.map(\.position) == expected.map(\.position))
    }

    @Test func mostRecentKeepsTheLastM() {
        let memory = merged(entries(50, seed: 1, distinctScores: 3), policy: .mostRecent, capacity: 8, cuts: [7, 30])
        #expect(memory.entries.map(\.position) == Array((42..<50).reversed()))
    }

    @Test func stridedSpreadsOverTheDocument() {
        let memory = merged(entries(100, seed: 1, distinctScores: 3), policy: .strided, capacity: 8, cuts: [33, 66])
        // 100 positions, capacity 8: stride 16 keeps 0, 16, …, 96 (7 entries).
        #expect(memory.stride == 16)
        #expect(memory.entries.map(\.position) == [0, 16, 32, 48, 64, 80, 96])
    }

    @Test func zeroCapacityKeepsNothing() {
        var memory = Memory(capacity: 0, policy: .topScore)
        memory.merge(entries(5, seed: 1, distinctScores: 2))
        #expect(memory.count == 0)
    }

    /// One entry per word: the earliest occurrence still held, ranked by the best score of the
    /// word's occurrences (case and digits folded), so a repeated word takes one slot.
    @Test func onePerWordKeepsTheEarliestOccurrenceWithTheBestScore() {
        func entry(_ word: String, _ position: Int, _ score: Float) -> MemoryEntry {
            MemoryEntry(score: score, position: position, chunk: position / 4, word: word, start: position, end: position + 1,
                        states: [], scoreInput: [])
        }
        let all = [entry("Vorsk", 0, 1), entry("the", 1, 5), entry("Zed", 2, 2), entry("THE", 3, 6),
                   entry("vorsk", 4, 9), entry("the", 5, 7), entry("1996", 6, 3), entry("2001", 7, 0)]
        for cuts in [[], [4], [2, 5, 7]] {
            let memory = merged(all, policy: .topScorePerWord, capacity: 3, cuts: cuts)
            #expect(memory.entries.map(\.position) == [0, 1, 6], "cuts \(cuts)")
            #expect(memory.entries.map(\.score) == [9, 7, 3])
        }
        // Plain top-M keeps the repeats instead.
        #expect(merged(all, policy: .topScore, capacity: 3, cuts: []).entries.map(\.position) == [4, 5, 3])
    }

    /// The recurrence bonus: a held word that a later merge holds again gains
    /// `bonus · σ(its best score there)` on its ranking key, once per merge; a word seen in
    /// one merge only gains nothing, however often it repeats there.
    @Test func aRecurringWordGainsTheBonusWeightedByItsScore() {
        func entry(_ word: String, _ position: Int, _ score: Float) -> MemoryEntry {
            MemoryEntry(score: score, position: position, chunk: position / 3, word: word, start: position, end: position + 1,
                        states: [], scoreInput: [])
        }
        let sigmoid = { (s: Float) in 1 / (1 + exp(-s)) }
        var memory = Memory(capacity: 2, policy: .topScorePerWord)
        memory.merge([entry("Vorsk", 0, 1), entry("Zed", 1, 2), entry("Zed", 2, 3)], recurrenceBonus: 4)
        #expect(memory.entries.map(\.score) == [3, 1], "repeats inside one merge gain nothing")
        memory.merge([entry("vorsk", 3, 0), entry("Kel", 4, 2.5), entry("VORSK", 5, -1)], recurrenceBonus: 4)
        #expect(memory.entries.map(\.word) == ["Vorsk", "Zed"])
        #expect(memory.entries.map(\.position) == [0, 1])
        #expect(memory.entries[0].score == 1 + 4 * sigmoid(0), "the best of its scores, plus 4 · σ(0) once")
        // Without the bonus the newcomer "Kel" (2.5) would have displaced "Vorsk" (1).
        var plain = Memory(capacity: 2, policy: .topScorePerWord)
        plain.merge([entry("Vorsk", 0, 1), entry("Zed", 1, 2), entry("Zed", 2, 3)])
        plain.merge([entry("vorsk", 3, 0), entry("Kel", 4, 2.5), entry("VORSK", 5, -1)])
        #expect(plain.entries.map(\.word) == ["Zed", "Kel"])
    }
}
