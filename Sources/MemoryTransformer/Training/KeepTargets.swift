// Targets of the importance score's auxiliary loss (`TrainingConfig.scoreLossWeight`,
// docs/MODEL.md "Training"): which words of a training document a memory should keep.
// Word t gets 1 when its gold label is an entity label (not "O") and a word of the same
// normal form (`WordForm`) occurs in a later chunk: the earlier mention a later chunk will
// need. Everything else gets 0, so the score also learns to rank a name's last mention,
// unrepeated names and function words below those.

/// Keep targets of one document.
enum KeepTargets {
    /// (N) targets 0 or 1 for `words` with gold `labels`, cut into chunks of `chunkSize`.
    static func of(words: [String], labels: [String], chunkSize: Int) -> [Float] {
        let forms = words.map(WordForm.of)
        var lastChunk: [UInt64: Int] = [:]
        for (t, form) in forms.enumerated() { lastChunk[form] = t / chunkSize }
        return forms.indices.map { t in
            labels[t] != "O" && lastChunk[forms[t]]! > t / chunkSize ? 1 : 0
        }
    }
}
