// The memtx executable: one binary, subcommands for every job. Only @main lives here.
import ArgumentParser

@main
struct Memtx: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memtx",
        abstract: "Memory Transformer Network: label the words of very long documents.",
        subcommands: [ServeCommand.self, SynthCommand.self, TrainCommand.self, EvalCommand.self, LabelCommand.self, BenchCommand.self])
}
