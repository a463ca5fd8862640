// `memtx train`: trains a Memory Transformer on labelled documents and writes a
// checkpoint (at intervals and at the end); `--resume` continues a run.
import ArgumentParser
import Foundation
import Kernels
import MemoryTransformer

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train a model (JSON Lines or CoNLL data) and write a checkpoint.")

    @Option(help: "Training documents (.jsonl or CoNLL).") var train: String
    @Option(help: "Development documents, scored at the end.") var dev: String?
    @Option(help: "Checkpoint directory to write.") var out: String
    @Flag(help: "Continue the run saved in --out.") var resume = false
    @Option(help: "Memory variant: none, fifo, strided, attention, learned, full.") var variant: MemoryVariant = .learned
    @Option(help: "Optimiser updates.") var steps: Int = 1000
    @Option(help: "Documents per update.") var documentsPerStep: Int = 1
    @Option(help: "Seed (weights and data order).") var seed: UInt64 = 1
    @Option(help: "Peak learning rate.") var learningRate: Float = 2e-3
    @Option(help: "Warm-up updates.") var warmup: Int = 100
    @Option(help: "Width d_model.") var dModel: Int = 64
    @Option(help: "Transformer blocks.") var layers: Int = 2
    @Option(help: "Attention heads.") var heads: Int = 4
    @Option(help: "MLP width (default 4 × d_model).") var mlpHidden: Int?
    @Option(help: "Chunk size C.") var chunkSize: Int = 32
    @Option(help: "Context words K read on each side of a chunk, not labelled (0: the chunk alone).")
    var contextWords: Int = 0
    @Option(help: "Memory size M.") var memorySize: Int = 16
    @Option(help: "Training candidates = factor × M (learned variant); 0: every word of the other chunks.") var candidateFactor: Int = 2
    @Option(help: "Hashed n-gram buckets.") var ngramBuckets: Int = 20_000
    @Option(help: "Minimum number of training documents a word must appear in to get its own embedding.") var minCount: Int = 2
    @Option(help: "Print progress every N updates.") var logEvery: Int = 50
    @Option(help: "Write a checkpoint every N updates (0: only at the end).") var checkpointEvery: Int = 0
    @Option(help: "OpenBLAS threads.") var threads: Int = 1
    @Option(help: "Word dropout: probability of showing a training word as unknown.") var wordDropout: Float = 0
    @Option(help: "Hidden dropout: probability of dropping a hidden unit (input embeddings, attention and MLP branches, head input).")
    var hiddenDropout: Float = 0
    @Option(help: "AdamW weight decay (matrices only).") var weightDecay: Float = 0.01
    @Option(help: "Pretrained word vectors, GloVe text format (make glove: data/glove/glove.6B.50d.txt).") var glove: String?
    @Option(help: "Words of the vectors' list (most frequent first) added to the vocabulary.") var gloveWords: Int = 0
    @Option(help: "Standard deviation the pretrained vectors are scaled to.") var gloveStd: Float = 0.1
    @Flag(help: "Freeze the pretrained columns of the word embeddings.") var freezeGlove = false
    @Option(help: ArgumentHelp("Identity dropout: probability of showing a training word by its frozen pretrained columns alone, as an unseen word reads (needs --freeze-glove).",
                               discussion: "The other columns of every row with a vector then start at 0."))
    var identityDropout: Float = 0
    @Flag(help: "Store the word-embedding table in half precision (F16): the whole GloVe list fits in the checkpoint.")
    var halfPrecisionWordTable = false
    @Flag(help: "Add a learned logit bias between two occurrences of the same word (in the chunk or in memory).")
    var sameWordBias = false
    @Option(help: "Initial same-word bias of each block's last head (with --same-word-bias).")
    var sameWordInit: Float = ModelParameters.sameWordPrior
    @Option(help: "Weight of the importance score's auxiliary loss: entity words whose word recurs in a later chunk are the ones to keep (learned variant; 0: off).")
    var scoreLoss: Float = 0
    @Option(help: "Weight of the intermediate label loss: each block's output below the last is labelled through the final LayerNorm and head too (training only; 0: off).")
    var intermediateLoss: Float = 0
    @Flag(help: "Keep one memory entry per word (its earliest occurrence, ranked by its best score).")
    var oneEntryPerWord = false
    @Option(help: "With --one-entry-per-word: added to a held word's ranking key each time a later chunk holds it again.")
    var recurrenceBonus: Float = 0
    @Flag(help: "Give a word with a capital letter its character n-grams as written too (case-sensitive character features).")
    var casedNgrams = false
    @Flag(help: "Label with a linear-chain CRF: learned transition scores, trained with the chain's exact likelihood, added in Viterbi decoding.")
    var crf = false

    func validate() throws {
        guard (0..<1).contains(identityDropout) else { throw ValidationError("--identity-dropout must be in [0, 1)") }
        guard scoreLoss >= 0, intermediateLoss >= 0 else { throw ValidationError("--score-loss and --intermediate-loss must be 0 or more") }
        guard identityDropout == 0 || (freezeGlove && glove != nil) else {
            throw ValidationError("--identity-dropout needs --glove and --freeze-glove (the columns it keeps)")
        }
    }

    func run() throws {
        BLASThreads.set(threads)
        let documents = try DocumentFiles.load(train)
        guard !documents.isEmpty else { throw ValidationErrorMessage("\(train) holds no documents") }
        let outURL = URL(fileURLWithPath: out)
        let model: MemoryTransformerModel
        var vectorColumns = 50  // GloVe 6B 50d unless the vectors read say otherwise
        if resume {
            model = try MemoryTransformerModel.load(from: outURL).model
        } else {
            var vocabulary = TrainingData.vocabulary(of: documents, minDocuments: minCount)
            let vectors = try glove.map { try WordVectors(contentsOf: $0) }
            if let vectors { vocabulary = PretrainedEmbedding.extend(vocabulary, with: vectors, extra: gloveWords) }
            model = MemoryTransformerModel(config: try modelConfig(documents, vocabularySize: vocabulary.count),
                                           vocabulary: vocabulary, seed: seed)
            for block in model.parameters.blocks { block.sameWordBias?[heads - 1] = sameWordInit }
            if let vectors {
                vectorColumns = vectors.dimension
                let found = PretrainedEmbedding.initialise(model.parameters.wordEmbedding, vocabulary: vocabulary,
                                                           vectors: vectors, std: gloveStd,
                                                           zeroingOtherColumns: identityDropout > 0)
                Console.line("pretrained vectors: \(found) of \(vocabulary.count) vocabulary rows (\(vectors.dimension) of \(dModel) columns)")
            }
            // The checkpoint keeps F16: round now, so the frozen columns are exactly what is stored.
            if halfPrecisionWordTable { model.parameters.wordEmbedding.roundToHalfPrecision() }
        }
        var trainingConfig = TrainingConfig()
        trainingConfig.seed = seed
        trainingConfig.steps = steps
        trainingConfig.documentsPerStep = documentsPerStep
        trainingConfig.learningRate = learningRate
        trainingConfig.warmupSteps = warmup
        trainingConfig.wordDropout = wordDropout
        trainingConfig.hiddenDropout = hiddenDropout
        trainingConfig.identityDropout = identityDropout
        trainingConfig.scoreLossWeight = scoreLoss
        trainingConfig.intermediateLossWeight = intermediateLoss
        trainingConfig.adamW.weightDecay = weightDecay
        trainingConfig.frozenWordColumns = freezeGlove && glove != nil ? min(vectorColumns, model.config.dModel) : 0
        let trainer = Trainer(model: model, config: trainingConfig)
        var secondsBefore = 0.0
        if resume {
            secondsBefore = try trainer.resume(from: outURL).seconds
            Console.line("resumed at step \(trainer.step)")
        }
        Console.line("model: \(model.parameters.count) parameters, variant \(model.config.memoryVariant.rawValue), C = \(model.config.chunkSize), K = \(model.config.contextWords), M = \(model.config.memorySize), \(documents.count) documents")
        var order = DocumentOrder(count: documents.count, seed: seed)
        let firstStep = trainer.step
        let start = Date()
        var runningLoss: Double?, wordsSinceLog = 0, logStart = Date()
        while trainer.step < steps {
            let batch = (0..<documentsPerStep).map { documents[order.index(trainer.step * documentsPerStep + $0)] }
            let report = trainer.step(documents: batch)
            runningLoss = runningLoss.map { 0.9 * $0 + 0.1 * report.loss } ?? report.loss
            wordsSinceLog += report.words
            if report.step % logEvery == 0 || report.step == steps {
                let elapsed = Date().timeIntervalSince(logStart)
                let total = Date().timeIntervalSince(start)
                let eta = total / Double(report.step - firstStep) * Double(steps - report.step)
                Console.line(String(format: "step %d/%d  loss %.4f  lr %.2e  |g| %.2f  %.0f words/s  ETA %@",
                             report.step, steps, runningLoss ?? 0, report.learningRate, report.gradientNorm,
                             Double(wordsSinceLog) / max(elapsed, 1e-9), Self.duration(eta)))
                wordsSinceLog = 0
                logStart = Date()
            }
            if checkpointEvery > 0, report.step % checkpointEvery == 0 {
                try trainer.save(to: outURL, seconds: secondsBefore + Date().timeIntervalSince(start))
            }
        }
        let seconds = secondsBefore + Date().timeIntervalSince(start)
        try trainer.save(to: outURL, seconds: seconds)
        Console.line(String(format: "trained %d steps in %.1f s → %@", steps, seconds, out))
        if let dev {
            let report = try ModelEvaluator(model: model).evaluate(try DocumentFiles.load(dev))
            Console.line("dev: " + ReportText.describe(report))
        }
    }

    func modelConfig(_ documents: [LabeledDocument], vocabularySize: Int) throws -> ModelConfig {
        var config = ModelConfig(labels: TrainingData.labels(of: documents))
        config.dModel = dModel
        config.layers = layers
        config.heads = heads
        config.mlpHidden = mlpHidden ?? 4 * dModel
        config.chunkSize = chunkSize
        config.contextWords = contextWords
        config.memorySize = memorySize
        config.memoryVariant = variant
        config.trainingCandidateFactor = candidateFactor
        config.ngramBuckets = ngramBuckets
        config.halfPrecisionWordTable = halfPrecisionWordTable
        config.sameWordBias = sameWordBias
        config.oneEntryPerWord = oneEntryPerWord
        config.recurrenceBonus = recurrenceBonus
        config.casedNgrams = casedNgrams
        config.crf = crf
        config.vocabularySize = vocabularySize
        try config.validate()
        return config
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds)
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}

extension MemoryVariant: ExpressibleByArgument {}
