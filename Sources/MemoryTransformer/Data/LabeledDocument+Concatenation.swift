// Long documents from short ones: consecutive documents joined (in order) until each
// group holds at least N words; the last group keeps the remainder. Used to measure
// how F1 and speed behave as documents grow (`memtx eval --concatenate N`).

extension LabeledDocument {
    /// `documents` joined into groups of at least `words` words each (the last may be shorter).
    public static func concatenated(_ documents: [LabeledDocument], words: Int) -> [LabeledDocument] {
        precondition(words > 0, "group size must be positive")
        var groups: [LabeledDocument] = []
        var current: LabeledDocument?
        for document in documents {
            if var group = current {
                group.words += document.words
                group.labels += document.labels
                group.needsMemory += document.needsMemory
                current = group
            } else {
                current = LabeledDocument(id: "concat-\(groups.count)", words: document.words,
                                          labels: document.labels, needsMemory: document.needsMemory)
            }
            if let group = current, group.count >= words {
                groups.append(group)
                current = nil
            }
        }
        if let current { groups.append(current) }
        return groups
    }
}
