// The session logic between the routes and the store: create, append a chunk (with
// `seq` for safe retries), and the finished state that labels, memory and queries read.
// Each session's live copy is kept here (LiveSessions) and its requests take turns on a
// per-session lock; the store is a log the service loads from and appends chunk rows to,
// with a compare-and-set on `seq`. Model work runs on the compute queue (a chunk inline
// when the queue is idle) with nothing held in the store.
import Foundation
import MemoryTransformer

/// The result of an append: the receipt of `seq` and the session after it.
struct AppendOutcome: Sendable {
    let seq: Int
    let replayed: Bool
    let receipt: ChunkReceipt
    /// The chunk's words and the online labels it completed.
    let words: ArraySlice<Word>
    let onlineLabels: ArraySlice<LabeledWord>
    /// Words in the session right after this chunk.
    let wordsTotal: Int
    /// How long the model ran for this chunk (pass 1 on the compute queue, without the
    /// wait for it); nil for a replay.
    var modelTime: Duration? = nil
}

/// Sessions: creation, appends, reads of their finished state.
public final class SessionService: Sendable {
    let store: any SessionStore
    let compute: LabelingService
    let limits: ServiceLimits
    let metrics: ServiceMetrics?
    private let finishedCache = FinishedStateCache(capacity: 8)
    /// Each live session's copy and compute runtime, kept between requests within the budget.
    let liveSessions: LiveSessions
    /// Requests of one session take turns.
    private let locks = SessionLocks()
    /// Distinct words whose input embeddings a session's runtime keeps.
    static let runtimeEmbeddingWords = 2_048
    /// Most tries of one append when other replicas keep appending to the session.
    static let maxAppendAttempts = 4

    public init(store: any SessionStore, compute: LabelingService, limits: ServiceLimits,
                metrics: ServiceMetrics? = nil) {
        self.store = store
        self.compute = compute
        self.limits = limits
        self.metrics = metrics
        liveSessions = LiveSessions(budgetBytes: limits.sessionCacheMib * 1_048_576, metrics: metrics)
    }

    var model: MemoryTransformerModel { compute.model }

    /// A new empty session of `owner`.
    func create(owner: String, now: Date = Date()) async throws -> Session {
        let session = Session(id: Session.newID(), owner: owner, now: now, state: model.newDocument())
        try await mapped { try await store.create(session) }
        metrics?.activeSessions.set(Double(await store.count()))
        return session
    }

    /// Appends one chunk. `seq` nil takes the next one (streamed uploads). A `seq` below
    /// the next one replays its receipt if the content is the same (409 otherwise); one
    /// above it is a gap (409). The chunk is applied whole or not at all.
    func append(id: String, owner: String, seq: Int?, content: TextOrWords, now: Date = Date()) async throws -> AppendOutcome {
        await finishedCache.remove(id: id)
        let outcome = try await mapped {
            try await locks.withLock(id) { () async throws -> AppendOutcome in
                var attempt = 1
                while true {
                    do {
                        return try await appendOnce(id: id, owner: owner, seq: seq, content: content, now: now)
                    } catch SessionStoreError.seqTaken where attempt < Self.maxAppendAttempts {
                        attempt += 1   // another replica appended first: load its chunks and try again
                    } catch SessionStoreError.seqTaken {
                        throw SessionStoreError.storageFailure(
                            reason: "session \(id) changed on another replica \(attempt) times while this append ran; retry")
                    }
                }
            }
        }
        if !outcome.replayed {
            metrics?.memoryFill.record(Double(outcome.receipt.memorySize) / Double(max(1, model.config.memorySize)))
        }
        return outcome
    }

    /// One try of an append, under the session's lock: the live copy made current, the
    /// chunk read by the model with nothing held in the store, then its row appended with a
    /// compare-and-set on `seq`. The copy goes back to the cache unless the store refused
    /// the chunk it now holds.
    private func appendOnce(id: String, owner: String, seq: Int?, content: TextOrWords, now: Date) async throws -> AppendOutcome {
        let live = try await current(id: id, owner: owner, now: now, forAppend: true)
        let seq = seq ?? live.session.nextSeq
        let firstLabel = live.session.state.onlineLabels.count
        let (utf8Before, memoryBefore) = (live.session.text.utf8.count, live.session.state.memory)
        let words: [Word], text: String, modelTime: Duration
        do {
            if seq < live.session.nextSeq {
                let outcome = try Self.replay(live.session, seq: seq, hash: content.hash)
                liveSessions.checkIn(id, live)
                return outcome
            }
            guard seq == live.session.nextSeq else { throw APIError.sequenceGap(expected: live.session.nextSeq, actual: seq) }
            (words, text) = try Self.words(of: content, in: live.session)
            try Self.check(words.count, session: live.session, limits: limits)
            // Moved into a box so the compute queue appends to the only reference.
            let box = StateBox(live.session.state)
            live.session.state = model.newDocument()
            do {
                modelTime = try await compute.run(inlineIfIdle: words.count <= LabelingService.inlineWordLimit) { model in
                    ContinuousClock().measure { _ = model.read(&box.state, words: words, reader: live.reader) }
                }
            } catch {
                live.session.state = box.state   // not run: unchanged
                throw error
            }
            live.session.state = box.take()
        } catch {
            liveSessions.checkIn(id, live)
            throw error
        }
        live.session.appendText(text)
        let receipt = ChunkReceipt(
            contentHash: content.hash, firstWord: live.session.state.words.count - words.count, wordCount: words.count,
            firstLabel: firstLabel, labelCount: live.session.state.onlineLabels.count - firstLabel,
            memorySize: live.session.state.memory.count, chunksRead: live.session.state.chunksRead)
        live.session.receipts.append(receipt)
        live.session.version += 1
        live.session.lastUsedAt = now
        // The copy now holds the chunk: it goes back only once the store has kept it. After a
        // refusal (another replica's chunk won the seq, or the database failed) its reader's
        // bank holds projections of words the session does not have, at positions the
        // winning chunks may fill.
        let row = ChunkRow.added(to: live.session, seq: seq, textUTF8From: utf8Before, memoryBefore: memoryBefore)
        try await store.append(row, to: id, chunksRead: live.session.state.chunksRead, now: now)
        liveSessions.checkIn(id, live)
        var outcome = Self.outcome(live.session, seq: seq, receipt: receipt, replayed: false)
        outcome.modelTime = modelTime
        return outcome
    }

    /// Session `id`'s live copy, current and checked, taken out of the cache for the
    /// caller (under the session's lock), who checks it back in or drops it. A kept copy of
    /// a store no other process writes is current by construction: an append trusts it
    /// (its owner and idle time checked here; the append's compare-and-set still guards the
    /// row). Otherwise the store checks the session and says its version; a copy behind it
    /// takes the chunk rows it lacks, and a missing one is rebuilt from all of them.
    private func current(id: String, owner: String, now: Date, forAppend: Bool) async throws -> LiveSession {
        if let live = liveSessions.checkOut(id, forAppend: forAppend) {
            if forAppend, !store.isShared, live.session.owner == owner,
               now < live.session.expiresAt(idleTimeout: store.idleTimeout) {
                return live
            }
            let head = try await store.head(id: id, owner: owner, now: now)
            if head.version >= live.session.version {
                if head.version > live.session.version {
                    let log = try await store.load(id: id, owner: owner, now: now, fromSeq: live.session.nextSeq)
                    try live.session.catchUp(to: log.row, newChunks: log.chunks)
                }
                live.session.lastUsedAt = max(live.session.lastUsedAt, now)
                return live
            }
            // A copy ahead of the store's rows (they were lost or restored): rebuilt below.
        }
        let log = try await store.load(id: id, owner: owner, now: now, fromSeq: 0)
        var session = try Session.rebuilt(from: log.row, chunks: log.chunks)
        session.lastUsedAt = max(session.lastUsedAt, now)
        return LiveSession(session, reader: DocumentReader(model: model, embeddingCacheWords: Self.runtimeEmbeddingWords))
    }

    /// The session and its finished state (the pending tail read as a last chunk):
    /// what labels, memory and queries see, i.e. the document as if it ended here.
    func finished(id: String, owner: String, now: Date = Date()) async throws -> (Session, DocumentState) {
        let session = try await snapshot(id: id, owner: owner, now: now)
        if let cached = await finishedCache.get(id: id, version: session.version) { return (session, cached) }
        let state = session.state
        let done = try await compute.run { model in model.finished(state) }
        await finishedCache.put(id: id, version: session.version, state: done)
        return (session, done)
    }

    /// The session as stored now (no model work), checked by the store and marked as used.
    func snapshot(id: String, owner: String, now: Date = Date()) async throws -> Session {
        try await mapped {
            try await locks.withLock(id) { () async throws -> Session in
                let live = try await current(id: id, owner: owner, now: now, forAppend: false)
                liveSessions.checkIn(id, live)
                return live.session
            }
        }
    }

    /// Deletes a session.
    func delete(id: String, owner: String, now: Date = Date()) async throws {
        try await mapped {
            try await locks.withLock(id) {
                liveSessions.drop(id)
                try await store.delete(id: id, owner: owner, now: now)
            }
        }
        await finishedCache.remove(id: id)
        metrics?.activeSessions.set(Double(await store.count()))
    }

    /// Expires idle sessions (called periodically) and forgets their live copies.
    public func sweep(now: Date = Date()) async {
        _ = await store.sweep(now: now)
        liveSessions.dropIdle(now: now, idleTimeout: store.idleTimeout)
        metrics?.activeSessions.set(Double(await store.count()))
    }

    /// Runs a store call, turning its errors into API errors.
    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as SessionStoreError { throw APIError(error) }
    }

    private static func replay(_ session: Session, seq: Int, hash: UInt64) throws -> AppendOutcome {
        let receipt = session.receipts[seq]
        guard receipt.contentHash == hash else { throw APIError.sequenceConflict(seq: seq) }
        return outcome(session, seq: seq, receipt: receipt, replayed: true)
    }

    private static func outcome(_ session: Session, seq: Int, receipt: ChunkReceipt, replayed: Bool) -> AppendOutcome {
        AppendOutcome(
            seq: seq, replayed: replayed, receipt: receipt,
            words: session.state.words[receipt.firstWord..<(receipt.firstWord + receipt.wordCount)],
            onlineLabels: session.state.onlineLabels[receipt.firstLabel..<(receipt.firstLabel + receipt.labelCount)],
            wordsTotal: receipt.firstWord + receipt.wordCount)
    }

    /// The chunk's words with document-level offsets, and the text it adds to the document.
    /// Pre-split words are joined by single spaces, after a space if the document ends in a word.
    private static func words(of content: TextOrWords, in session: Session) throws -> ([Word], String) {
        switch content {
        case .text(let text):
            return (Tokenizer().tokenize(text, baseOffset: session.textScalars), text)
        case .words(let given):
            let endsInWord = session.text.unicodeScalars.last.map { !$0.properties.isWhitespace } ?? false
            let separator = endsInWord ? 1 : 0
            let words: [Word]
            do { words = try Tokenizer().tokenize(words: given) } catch {
                throw APIError(.invalidWords, "\(error)")
            }
            let base = session.textScalars + separator
            let shifted = words.map { Word(text: $0.text, start: $0.start + base, end: $0.end + base) }
            return (shifted, String(repeating: " ", count: separator) + given.joined(separator: " "))
        }
    }

    private static func check(_ count: Int, session: Session, limits: ServiceLimits) throws {
        guard count > 0 else {
            throw APIError(.emptyChunk, "the chunk has no words")
        }
        guard count <= limits.maxWordsPerChunk else {
            throw APIError(.chunkTooLong, "the chunk has \(count) words; at most \(limits.maxWordsPerChunk)",
                           details: ["actual": count, "allowed": limits.maxWordsPerChunk])
        }
        let total = session.state.words.count + count
        guard total <= limits.maxWordsPerSession else {
            throw APIError(.sessionTooLong, "the session would hold \(total) words; at most \(limits.maxWordsPerSession)",
                           details: ["actual": total, "allowed": limits.maxWordsPerSession])
        }
    }
}

/// A document state handed to the compute queue by reference, so appending to its
/// arrays does not copy them.
final class StateBox: @unchecked Sendable {
    var state: DocumentState
    init(_ state: DocumentState) { self.state = state }

    /// The state, leaving an empty one behind (so the caller holds the only reference).
    func take() -> DocumentState {
        let taken = state
        state = DocumentState(memory: state.memory)
        return taken
    }
}
