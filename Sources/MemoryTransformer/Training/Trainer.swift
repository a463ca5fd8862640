// The trainer of docs/MODEL.md: per document, pass 1 without gradients builds the
// memory (wider than M for the learned variant: factor × M candidates), then pass 2
// labels every chunk against it with gradients (word, identity and hidden dropout there only), the
// importance scores added to the memory keys' logits (and, with a score-loss weight, also
// trained towards KeepTargets; with an intermediate-loss weight, every block below the last
// also labels through the head). AdamW with clipping and
// warm-up/cosine decay; frozen word-embedding columns get no update.
// Deliberately left out: data loading and printing (the caller does both).
import Kernels

/// Figures of one optimiser update.
public struct TrainingStepReport: Sendable {
    public let step: Int
    /// Mean cross-entropy per labelled word over the step's documents.
    public let loss: Double
    public let words: Int
    public let learningRate: Float
    public let gradientNorm: Float
}

/// Trains a model in place.
public final class Trainer {
    public let model: MemoryTransformerModel
    public let config: TrainingConfig
    public let gradients: ModelParameters
    public let optimizer: AdamW
    private let labelIDs: [String: Int32]

    public init(model: MemoryTransformerModel, config: TrainingConfig) {
        self.model = model
        self.config = config
        gradients = ModelParameters(config: model.config)
        optimizer = AdamW(parameters: model.parameters.trainable(gradients: gradients), config: config.adamW)
        labelIDs = Dictionary(uniqueKeysWithValues: model.config.labels.enumerated().map { ($1, Int32($0)) })
    }

    /// Number of updates taken so far.
    public var step: Int { optimizer.step }

    /// One update from `documents` (gradients summed, loss averaged per labelled word).
    public func step(documents: [LabeledDocument]) -> TrainingStepReport {
        optimizer.zeroGradients()
        let totalLabelled = documents.reduce(0) { $0 + $1.words.count }
        var lossSum = 0.0
        for document in documents {
            lossSum += accumulateGradients(document, lossScale: 1 / Float(max(totalLabelled, 1)))
        }
        freezeWordColumns()
        let norm = clipGradientNorm(optimizer.parameters, maxNorm: config.gradientClip)
        let rate = config.schedule.rate(at: optimizer.step + 1)
        optimizer.update(learningRate: rate)
        return TrainingStepReport(step: optimizer.step, loss: lossSum / Double(max(totalLabelled, 1)),
                                  words: totalLabelled, learningRate: rate, gradientNorm: norm)
    }

    /// Both passes over one document, adding lossScale · ∇(Σ cross-entropy) into the
    /// gradients; returns the summed loss.
    func accumulateGradients(_ document: LabeledDocument, lossScale: Float) -> Double {
        let words = Word.placeholders(document.words)
        let targets = document.labels.map { labelIDs[$0] ?? -1 }
        let memories = passOneMemories(words)
        var lossSum = 0.0
        // One stream per (seed, step, document): reproducible, also after --resume.
        var generator = SeededGenerator(seed: config.seed &+ UInt64(optimizer.step) &* 0x9E37_79B9_7F4A_7C15
                                        ^ FNV1a.hash(Array(document.id.utf8)[...]))
        let dropout = WordDropout(rate: config.wordDropout)
        let keepLoss = config.scoreLossWeight > 0 && model.config.memoryVariant == .learned
        let keep = keepLoss ? KeepTargets.of(words: document.words, labels: document.labels, chunkSize: model.config.chunkSize) : []
        for (window, entries) in memories {
            // Context words are read, not labelled: target −1 (ignored; a CRF sums over them).
            let labelled = { (t: Int) in window.chunk.contains(t) }
            let pass = encode(words: Array(document.words[window.words]),
                              targets: window.words.map { labelled($0) ? targets[$0] : -1 },
                              keepTargets: keepLoss ? window.words.map { labelled($0) ? keep[$0] : -1 } : [], memory: entries,
                              dropout: dropout, generator: &generator)
            let loss = pass.loss()
            lossSum += loss.sum
            pass.backward(into: gradients, probabilities: loss.probabilities, lossScale: lossScale,
                          keepLossScale: keepLoss ? config.scoreLossWeight * lossScale : 0,
                          intermediateLossScale: config.intermediateLossWeight * lossScale)
        }
        return lossSum
    }

    /// The model's forward pass of one chunk, its words' features passed through `dropout`,
    /// its hidden states through fresh dropout masks when `config.hiddenDropout` > 0.
    func encode(words: [String], targets: [Int32], keepTargets: [Float] = [], memory entries: [MemoryEntry],
                dropout: WordDropout, generator: inout SeededGenerator) -> ChunkPass {
        let config = model.config
        let features = dropout.apply(to: model.featurizer.features(for: words), generator: &generator)
        let input = ChunkInput(
            features: features,
            positions: ChunkInput.positions(count: words.count, chunkSize: config.positionCount),
            targets: targets, forms: config.sameWordBias ? words.map(WordForm.of) : [], keepTargets: keepTargets,
            vectorOnly: identityDropout(features, generator: &generator), pretrainedColumns: self.config.frozenWordColumns)
        let masks = self.config.hiddenDropout > 0
            ? HiddenDropoutMasks(rate: self.config.hiddenDropout, T: words.count, d: config.dModel, layers: config.layers,
                                 generator: &generator)
            : nil
        return ChunkPass(parameters: model.parameters, input: input,
                         memory: MemoryKeys(entries: entries, layers: config.layers, d: config.dModel), dropout: masks)
    }

    /// Identity dropout's flags (T): each word not already "unknown" shows only its
    /// pretrained columns with probability `config.identityDropout`; none (and no draw) at 0.
    func identityDropout(_ features: WordFeatures, generator: inout SeededGenerator) -> [Bool] {
        let rate = config.identityDropout
        guard rate > 0 else { return [] }
        return features.wordIDs.map { id in id != Vocabulary.unknownID && generator.nextUniform() < rate }
    }

    /// Zeroes the gradient of the word-embedding columns `0..<frozenWordColumns`.
    func freezeWordColumns() {
        let n = min(config.frozenWordColumns, model.config.dModel), d = model.config.dModel
        guard n > 0 else { return }
        let gradient = gradients.wordEmbedding.pointer
        for row in 0..<gradients.wordEmbedding.shape[0] {
            (gradient + row * d).update(repeating: 0, count: n)
        }
    }

    /// Pass 1 without gradients; returns, for each pass-2 chunk, its window and the
    /// memory it attends to: the final memory minus its window's words (learned, attention,
    /// strided), the memory as it was before the chunk (fifo), or none (none, full).
    func passOneMemories(_ words: [Word]) -> [(ChunkWindow, [MemoryEntry])] {
        let variant = model.config.memoryVariant
        let windows = model.windows(documentLength: words.count)
        if variant == .none || variant == .full { return windows.map { ($0, []) } }
        if variant == .learned && model.config.trainingCandidateFactor == 0 { return everyWordAsCandidate(words, windows: windows) }
        let factor = variant == .learned ? model.config.trainingCandidateFactor : 1
        // Pass 1 is the labeler's own reading, with the wider training memory, through the
        // naive path: the same arithmetic as the training forward (ChunkPass), so training
        // does not move with inference's optimised kernels (whose rounding differs).
        var memory = model.emptyMemory(capacity: model.config.memorySize * factor)
        var before: [[MemoryEntry]] = []
        for window in windows {
            before.append(memory.entries)
            _ = model.readChunkNaive(window, of: words, into: &memory)
        }
        return windows.map { window in
            (window, window.readable(variant == .fifo ? before[window.index] : memory.entries))
        }
    }

    /// Every word outside its window as each pass-2 chunk's memory (pass 1 read as
    /// inference reads, `readKeepingEveryWord`).
    func everyWordAsCandidate(_ words: [Word], windows: [ChunkWindow]) -> [(ChunkWindow, [MemoryEntry])] {
        let all = model.readKeepingEveryWord(words).entries
        return windows.map { ($0, $0.readable(all)) }
    }
}

extension Word {
    /// Words with offsets as if joined by single spaces (training data is pre-split).
    static func placeholders(_ texts: [String]) -> [Word] {
        var offset = 0
        return texts.map { text in
            let length = text.unicodeScalars.count
            defer { offset += length + 1 }
            return Word(text: text, start: offset, end: offset + length)
        }
    }
}
