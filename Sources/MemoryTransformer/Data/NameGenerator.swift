// Invented, pronounceable, capitalised names built from syllables ("Vorsk", "Talumbe"):
// unseen words whose type can only come from the context they are introduced in.
import Kernels

/// Draws names from syllables, never repeating a name within one generator and never
/// producing a word of the synthetic vocabulary.
struct NameGenerator: InventedNameSource {
    private static let onsets = ["b", "br", "d", "dr", "g", "gr", "k", "kr", "l", "m", "n", "p",
                                 "r", "s", "st", "t", "tr", "v", "z", "th", "sh", "f"]
    private static let vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ee"]
    private static let codas = ["", "", "", "", "", "n", "r", "s", "k", "l", "m", "sk", "nd"]

    private var used: Set<String> = []

    /// A fresh capitalised name of 2–3 syllables.
    mutating func next(using rng: inout SeededGenerator) -> String {
        while true {
            let syllables = rng.nextUniform() < 0.6 ? 2 : 3
            var name = ""
            for _ in 0..<syllables {
                name += Self.pick(Self.onsets, &rng) + Self.pick(Self.vowels, &rng) + Self.pick(Self.codas, &rng)
            }
            let capitalised = name.prefix(1).uppercased() + name.dropFirst()
            if name.count >= 4, !used.contains(capitalised), !SyntheticTemplates.allWords.contains(name) {
                used.insert(capitalised)
                return capitalised
            }
        }
    }

    private static func pick(_ list: [String], _ rng: inout SeededGenerator) -> String {
        list[Int(rng.next() % UInt64(list.count))]
    }
}
