// The model: configuration, weights and the featurizer that turns words into ids.
// Thread-safety: immutable after loading (weights are read-only during inference), so
// one instance may serve concurrent readers; training mutates weights and needs a
// single owner.
import Kernels

/// A Memory Transformer with its weights and word featurizer.
public final class MemoryTransformerModel: @unchecked Sendable {
    public let config: ModelConfig
    public let parameters: ModelParameters
    public let featurizer: Featurizer
    /// Turns a chunk's logits into labels (`config.decoding`, with the CRF's transition
    /// scores as they are when it decodes).
    public let labelDecoder: LabelDecoder

    public init(config: ModelConfig, parameters: ModelParameters, vocabulary: Vocabulary) {
        precondition(config.hasSameWeights(as: parameters.config), "parameters built for another config")
        self.config = config
        self.parameters = parameters
        self.featurizer = Featurizer(vocabulary: vocabulary, ngramBuckets: config.ngramBuckets,
                                     ngramMin: config.ngramMin, ngramMax: config.ngramMax, cased: config.casedNgrams)
        labelDecoder = LabelDecoder(labels: config.labels, decoding: config.decoding, transitionScores: parameters.labelTransitions)
    }

    /// A freshly initialised model (weights from `seed`).
    public convenience init(config: ModelConfig, vocabulary: Vocabulary, seed: UInt64) {
        let parameters = ModelParameters(config: config)
        parameters.initialise(seed: seed)
        self.init(config: config, parameters: parameters, vocabulary: vocabulary)
    }

    /// The same weights decoding labels by `decoding` (e.g. `memtx eval --decoding`).
    public func decoding(_ decoding: LabelDecoding) -> MemoryTransformerModel {
        var config = config
        config.decoding = decoding
        return MemoryTransformerModel(config: config, parameters: parameters, vocabulary: featurizer.vocabulary)
    }

    /// The same weights with another recurrence bonus (`memtx eval --recurrence-bonus`).
    public func recurrenceBonus(_ bonus: Float) -> MemoryTransformerModel {
        var config = config
        config.recurrenceBonus = bonus
        return MemoryTransformerModel(config: config, parameters: parameters, vocabulary: featurizer.vocabulary)
    }

    /// The memory rule of this model's variant, with `capacity` slots.
    public func emptyMemory(capacity: Int? = nil) -> Memory {
        let capacity = capacity ?? config.memorySize
        switch config.memoryVariant {
        case .learned, .attention:
            return Memory(capacity: capacity, policy: config.oneEntryPerWord ? .topScorePerWord : .topScore)
        case .fifo: return Memory(capacity: capacity, policy: .mostRecent)
        case .strided: return Memory(capacity: capacity, policy: .strided)
        case .none, .full: return Memory(capacity: 0, policy: .empty)
        }
    }

    /// Words per chunk when reading: C, or unbounded for the `full` variant.
    public var readingChunkSize: Int { config.memoryVariant == .full ? Int.max : config.chunkSize }

    /// Runs one window's forward pass (a chunk and its context words; positions inside the
    /// window wrap at C + 2K).
    public func encode(words: [String], targets: [Int32] = [], memory entries: [MemoryEntry]) -> ChunkPass {
        let input = ChunkInput(
            features: featurizer.features(for: words),
            positions: ChunkInput.positions(count: words.count, chunkSize: config.positionCount),
            targets: targets, forms: config.sameWordBias ? words.map(WordForm.of) : [])
        let keys = MemoryKeys(entries: entries, layers: config.layers, d: config.dModel)
        return ChunkPass(parameters: parameters, input: input, memory: keys)
    }

    /// Memory candidates from a window's pass: one entry per word of its chunk (`words` the
    /// document), ranked by the variant.
    public func memoryCandidates(from pass: ChunkPass, window: ChunkWindow, words: [Word]) -> [MemoryEntry] {
        zip(window.rows, window.chunk).map { row, position in
            MemoryEntry(
                score: pass.wordScores[row], position: position, chunk: window.index, word: words[position].text,
                start: words[position].start, end: words[position].end,
                states: pass.states(ofWord: row), scoreInput: pass.scoreInput(ofWord: row))
        }
    }
}
