// The compute side of live sessions, the way a model server keeps slots: each session's
// DocumentReader (encoder workspace, relative-bias table, embedding cache, memory bank)
// stays alive between its appends, so an append pays only for its own chunk. Bounded by a
// memory budget (`--session-cache-mib`), least recently used first out; a session without
// one (new, evicted, after a restart, or last appended on another replica) gets a fresh
// reader, which gives the same labels bit for bit (the bank is keyed by word position). A
// reader goes back only after the store kept the append it read: one whose write was
// refused holds projections of words the session does not have.
import MemoryTransformer
import Synchronization

/// Kept readers by session id, within a byte budget.
final class SessionRuntimes: Sendable {
    /// A reader moved between tasks: one owner at a time (the session's update holds it).
    final class Slot: @unchecked Sendable {
        let reader: DocumentReader
        init(_ reader: DocumentReader) { self.reader = reader }
    }

    /// The runtime an append's model run used, held until the store has kept the chunk
    /// (the last run's, when the store ran the append more than once).
    final class Used: Sendable {
        private let slot = Mutex<Slot?>(nil)
        func set(_ runtime: Slot) { slot.withLock { $0 = runtime } }
        func take() -> Slot? { slot.withLock { value in defer { value = nil }; return value } }
    }

    private struct Entry {
        let slot: Slot
        let bytes: Int
        var lastUse: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    let budgetBytes: Int
    private let state = Mutex(State())
    private let metrics: ServiceMetrics?

    init(budgetBytes: Int, metrics: ServiceMetrics?) {
        self.budgetBytes = budgetBytes
        self.metrics = metrics
    }

    /// Session `id`'s kept reader, taken out of the cache for the caller's exclusive use;
    /// nil when none is kept.
    func checkOut(_ id: String) -> Slot? {
        let slot = state.withLock { state -> Slot? in
            guard let entry = state.entries.removeValue(forKey: id) else { return nil }
            state.bytes -= entry.bytes
            return entry.slot
        }
        if slot == nil { metrics?.sessionRuntimeMisses.increment() } else { metrics?.sessionRuntimeHits.increment() }
        publish()
        return slot
    }

    /// Keeps `slot` for session `id` (after its append), then evicts the least recently
    /// used readers until the cache fits its budget (a reader larger than the whole
    /// budget is not kept).
    func checkIn(_ id: String, _ slot: Slot) {
        let bytes = slot.reader.residentBytes
        let evicted = state.withLock { state -> Int in
            state.clock += 1
            if let old = state.entries.removeValue(forKey: id) { state.bytes -= old.bytes }
            state.entries[id] = Entry(slot: slot, bytes: bytes, lastUse: state.clock)
            state.bytes += bytes
            var evicted = 0
            while state.bytes > budgetBytes, let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.entries[oldest.key] = nil
                state.bytes -= oldest.value.bytes
                evicted += 1
            }
            return evicted
        }
        metrics?.sessionRuntimeEvictions.increment(by: Int64(evicted))
        publish()
    }

    /// Forgets session `id`'s reader (the session was deleted or expired).
    func drop(_ id: String) {
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: id) { state.bytes -= old.bytes }
        }
        publish()
    }

    /// Readers kept and the bytes they hold.
    var usage: (count: Int, bytes: Int) {
        state.withLock { ($0.entries.count, $0.bytes) }
    }

    private func publish() {
        let (count, bytes) = usage
        metrics?.sessionRuntimes.set(Double(count))
        metrics?.sessionRuntimeBytes.set(Double(bytes))
    }
}
