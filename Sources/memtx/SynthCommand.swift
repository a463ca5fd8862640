// `memtx synth`: writes the seeded synthetic long-range labelling task as JSON Lines.
import ArgumentParser
import Foundation
import MemoryTransformer

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth", abstract: "Generate the synthetic long-range labelling task (JSON Lines).")

    @Option(help: "Output file (.jsonl).") var out: String
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Number of documents.") var documents: Int = 100
    @Option(help: "Words per document.") var words: Int = 256
    @Option(help: "Memory size M the task is sized for.") var memorySize: Int = 16
    @Option(help: "Chunk size C the task is sized for.") var chunkSize: Int = 32
    @Option(help: "Names per memory slot (names per document = this × M × words / reference words).")
    var namesPerSlot: Double = 0.5
    @Option(help: "Minimum words between a name's introduction and a later mention.") var minDistance: Int = 48
    @Flag(help: "Control task: every mention follows its introduction closely (no memory needed).")
    var control = false
    @Flag(help: "Hard variant: names sharing stems, varied intro frames, more and name-like distractors.")
    var hard = false

    func run() throws {
        var config = SyntheticTaskConfig()
        config.seed = seed
        config.documents = documents
        config.wordsPerDocument = words
        config.memorySize = memorySize
        config.chunkSize = chunkSize
        config.namesPerMemorySlot = namesPerSlot
        config.minDistance = minDistance
        config.control = control
        config.hard = hard
        let generated = try SyntheticTask(config: config).generate()
        try DocumentFiles.writeJSONLines(generated, to: out)
        let needing = generated.reduce(0) { $0 + $1.needsMemory.filter { $0 }.count }
        print("wrote \(generated.count) documents, \(generated.reduce(0) { $0 + $1.count }) words, \(needing) need memory → \(out)")
    }
}
