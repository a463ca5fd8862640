// The compute side of live sessions, the way a model server keeps slots: each session's
// current copy (its `Session`: document state, text, receipts) and its DocumentReader
// (encoder workspace, relative-bias table, embedding cache, memory bank) stay alive
// between requests, so an append pays only for its own chunk. Bounded by a memory budget
// (`--session-cache-mib`), least recently used first out (the one just used always stays);
// a session without one (new, evicted, after a restart) is rebuilt from the store's rows
// with a fresh reader, which gives the same labels bit for bit (the bank is keyed by word
// position). A copy goes back only while it equals what the store kept: one whose append
// was refused holds a chunk the session does not have, and is dropped.
import Foundation
import MemoryTransformer
import Synchronization

/// One live session: its current copy and the reader its appends run with. Moved between
/// tasks with one owner at a time (whoever checked it out, under the session's lock).
final class LiveSession: @unchecked Sendable {
    var session: Session
    let reader: DocumentReader

    init(_ session: Session, reader: DocumentReader) {
        self.session = session
        self.reader = reader
    }

    /// About how many bytes the copy and the reader hold, in O(memory size): words and
    /// labels by their array strides, the document's text once (a word's own text is
    /// usually stored inline; a long one's heap copy is about its share of the text).
    var residentBytes: Int {
        let state = session.state
        let memoryBytes = state.memory.entries.reduce(0) { $0 + ($1.states.count + $1.scoreInput.count) * 4 + 96 }
        return reader.residentBytes + memoryBytes + session.text.utf8.count
            + state.words.count * MemoryLayout<Word>.stride + state.onlineLabels.count * MemoryLayout<LabeledWord>.stride
            + session.receipts.count * MemoryLayout<ChunkReceipt>.stride + session.textMarks.count * MemoryLayout<TextMark>.stride
    }
}

/// Live sessions by id, within a byte budget.
final class LiveSessions: Sendable {
    private struct Entry {
        let live: LiveSession
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

    /// Session `id`'s live copy, taken out of the cache for the caller's exclusive use;
    /// nil when none is kept. An append's look-up counts as a hit or a miss in /metrics.
    func checkOut(_ id: String, forAppend: Bool) -> LiveSession? {
        let live = state.withLock { state -> LiveSession? in
            guard let entry = state.entries.removeValue(forKey: id) else { return nil }
            state.bytes -= entry.bytes
            return entry.live
        }
        if forAppend {
            if live == nil { metrics?.sessionRuntimeMisses.increment() } else { metrics?.sessionRuntimeHits.increment() }
        }
        publish()
        return live
    }

    /// Keeps `live` for session `id`, then evicts the least recently used other copies until
    /// the cache fits its budget. The copy just checked in always stays, even alone over the
    /// budget: a session larger than the budget streamed on its own is not rebuilt from the
    /// store at every append.
    func checkIn(_ id: String, _ live: LiveSession) {
        let bytes = live.residentBytes
        let evicted = state.withLock { state -> Int in
            state.clock += 1
            if let old = state.entries.removeValue(forKey: id) { state.bytes -= old.bytes }
            state.entries[id] = Entry(live: live, bytes: bytes, lastUse: state.clock)
            state.bytes += bytes
            var evicted = 0
            while state.bytes > budgetBytes,
                  let oldest = state.entries.lazy.filter({ $0.key != id }).min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.entries[oldest.key] = nil
                state.bytes -= oldest.value.bytes
                evicted += 1
            }
            return evicted
        }
        metrics?.sessionRuntimeEvictions.increment(by: Int64(evicted))
        publish()
    }

    /// Forgets session `id`'s copy (deleted, expired, or refused by the store).
    func drop(_ id: String) {
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: id) { state.bytes -= old.bytes }
        }
        publish()
    }

    /// Forgets every copy idle `idleTimeout` or longer at `now` (their sessions expired).
    func dropIdle(now: Date, idleTimeout: Duration) {
        state.withLock { state in
            for (id, entry) in state.entries where now >= entry.live.session.expiresAt(idleTimeout: idleTimeout) {
                state.entries[id] = nil
                state.bytes -= entry.bytes
            }
        }
        publish()
    }

    /// Copies kept and the bytes they hold.
    var usage: (count: Int, bytes: Int) {
        state.withLock { ($0.entries.count, $0.bytes) }
    }

    private func publish() {
        let (count, bytes) = usage
        metrics?.sessionRuntimes.set(Double(count))
        metrics?.sessionRuntimeBytes.set(Double(bytes))
    }
}
