// The session logic between the routes and the store: create, append a chunk (with
// `seq` for safe retries), and the finished state that labels, memory and queries read.
// Model work runs on the compute queue (a chunk inline when the queue is idle); the store
// serialises changes to one session.
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
    /// Each live session's compute runtime, kept between its appends within the budget.
    let runtimes: SessionRuntimes
    /// Distinct words whose input embeddings a session's runtime keeps.
    static let runtimeEmbeddingWords = 2_048

    public init(store: any SessionStore, compute: LabelingService, limits: ServiceLimits,
                metrics: ServiceMetrics? = nil) {
        self.store = store
        self.compute = compute
        self.limits = limits
        self.metrics = metrics
        runtimes = SessionRuntimes(budgetBytes: limits.sessionCacheMib * 1_048_576, metrics: metrics)
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
        let limits = self.limits, model = self.model, compute = self.compute, runtimes = self.runtimes
        await finishedCache.remove(id: id)
        // The runtime the model read this chunk with goes back to the cache only once the
        // store has kept the chunk. After a refused write (another replica's chunk won the
        // same seq, or the database failed) its memory bank holds projections of words the
        // session does not have, at positions the winning chunks may fill: kept, they would
        // be reused for those positions once another replica had read past them.
        let used = SessionRuntimes.Used()
        let outcome = try await mapped {
            try await store.update(id: id, owner: owner, now: now) { session in
                let seq = seq ?? session.nextSeq
                if seq < session.nextSeq { return try Self.replay(session, seq: seq, hash: content.hash) }
                guard seq == session.nextSeq else { throw APIError.sequenceGap(expected: session.nextSeq, actual: seq) }
                let (words, text) = try Self.words(of: content, in: session)
                try Self.check(words.count, session: session, limits: limits)
                // Moved into a box so the compute queue appends to the only reference.
                let box = StateBox(session.state)
                session.state = model.newDocument()
                let firstLabel = box.state.onlineLabels.count
                let runtime = runtimes.checkOut(id)
                    ?? SessionRuntimes.Slot(DocumentReader(model: model, embeddingCacheWords: Self.runtimeEmbeddingWords))
                let modelTime: Duration
                do {
                    modelTime = try await compute.run(inlineIfIdle: words.count <= LabelingService.inlineWordLimit) { model in
                        ContinuousClock().measure { _ = model.read(&box.state, words: words, reader: runtime.reader) }
                    }
                } catch {
                    session.state = box.state   // not run: unchanged
                    runtimes.checkIn(id, runtime)
                    throw error
                }
                used.set(runtime)
                session.state = box.take()
                session.appendText(text)
                let receipt = ChunkReceipt(
                    contentHash: content.hash, firstWord: session.state.words.count - words.count, wordCount: words.count,
                    firstLabel: firstLabel, labelCount: session.state.onlineLabels.count - firstLabel,
                    memorySize: session.state.memory.count, chunksRead: session.state.chunksRead)
                session.receipts.append(receipt)
                session.version += 1
                var outcome = Self.outcome(session, seq: seq, receipt: receipt, replayed: false)
                outcome.modelTime = modelTime
                return outcome
            }
        }
        if let runtime = used.take() { runtimes.checkIn(id, runtime) }
        if !outcome.replayed {
            metrics?.memoryFill.record(Double(outcome.receipt.memorySize) / Double(max(1, model.config.memorySize)))
        }
        return outcome
    }

    /// The session and its finished state (the pending tail read as a last chunk):
    /// what labels, memory and queries see, i.e. the document as if it ended here.
    func finished(id: String, owner: String, now: Date = Date()) async throws -> (Session, DocumentState) {
        let session = try await mapped { try await store.read(id: id, owner: owner, now: now) }
        if let cached = await finishedCache.get(id: id, version: session.version) { return (session, cached) }
        let state = session.state
        let done = try await compute.run { model in model.finished(state) }
        await finishedCache.put(id: id, version: session.version, state: done)
        return (session, done)
    }

    /// The session as stored now (no model work).
    func snapshot(id: String, owner: String, now: Date = Date()) async throws -> Session {
        try await mapped { try await store.read(id: id, owner: owner, now: now) }
    }

    /// Deletes a session.
    func delete(id: String, owner: String, now: Date = Date()) async throws {
        try await mapped { try await store.delete(id: id, owner: owner, now: now) }
        await finishedCache.remove(id: id)
        runtimes.drop(id)
        metrics?.activeSessions.set(Double(await store.count()))
    }

    /// Expires idle sessions (called periodically).
    public func sweep(now: Date = Date()) async {
        _ = await store.sweep(now: now)
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
