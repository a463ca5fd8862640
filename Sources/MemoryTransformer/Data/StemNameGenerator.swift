// Invented names for the hard synthetic task: every name of a document is built from a few
// shared stems, prefixes and suffixes ("Valdoran", "Valdorin", "Kelvoran"), so names of
// different types share long substrings and a few character n-grams cannot tell them apart.
import Kernels

/// Draws distinct names `[prefix] stem suffix` from a per-document set of parts.
struct StemNameGenerator: InventedNameSource {
    private static let onsets = ["b", "br", "d", "dr", "g", "k", "kr", "l", "m", "n", "p",
                                 "r", "s", "t", "tr", "v", "z", "th", "f"]
    private static let vowels = ["a", "e", "i", "o", "u"]
    private static let clusters = ["ld", "lv", "rn", "nd", "rk", "st", "sk", "lm", "rv", "nt", "rd", "ng"]
    private static let allSuffixes = ["oran", "orin", "essa", "ith", "andar", "elis", "omar", "ovar",
                                      "uin", "eth", "ara", "ondo"]
    private static let allPrefixes = ["ka", "mo", "te", "ila", "ora", "su"]
    /// Suffixes and prefixes drawn per document.
    private static let suffixCount = 4
    private static let prefixCount = 2
    /// Probability that a name gets a prefix.
    private static let prefixProbability: Float = 0.3
    /// Failed draws after which each further draw gets a fresh syllable appended.
    private static let attemptsBeforeExtending = 64

    /// The document's stems (onset, vowel, consonant cluster: at least 4 letters).
    let stems: [String]
    private let suffixes: [String]
    private let prefixes: [String]
    private var used: Set<String> = []

    /// Draws `stemCount` (≥ 1) distinct stems and the document's prefixes and suffixes.
    init(stemCount: Int, using rng: inout SeededGenerator) {
        var stems: [String] = []
        while stems.count < max(1, stemCount) {
            let stem = Self.pick(Self.onsets, &rng) + Self.pick(Self.vowels, &rng) + Self.pick(Self.clusters, &rng)
            if !stems.contains(stem) { stems.append(stem) }
        }
        self.stems = stems
        suffixes = Self.distinct(Self.suffixCount, from: Self.allSuffixes, &rng)
        prefixes = Self.distinct(Self.prefixCount, from: Self.allPrefixes, &rng)
    }

    mutating func next(using rng: inout SeededGenerator) -> String {
        var attempts = 0
        while true {
            let prefix = rng.nextUniform() < Self.prefixProbability ? Self.pick(prefixes, &rng) : ""
            var name = prefix + Self.pick(stems, &rng) + Self.pick(suffixes, &rng)
            if attempts >= Self.attemptsBeforeExtending {
                name += Self.pick(Self.onsets, &rng) + Self.pick(Self.vowels, &rng)
            }
            attempts += 1
            let capitalised = name.prefix(1).uppercased() + name.dropFirst()
            if !used.contains(capitalised), !SyntheticHardTemplates.allWords.contains(name) {
                used.insert(capitalised)
                return capitalised
            }
        }
    }

    private static func distinct(_ count: Int, from list: [String], _ rng: inout SeededGenerator) -> [String] {
        var chosen: [String] = []
        while chosen.count < min(count, list.count) {
            let item = pick(list, &rng)
            if !chosen.contains(item) { chosen.append(item) }
        }
        return chosen
    }

    private static func pick(_ list: [String], _ rng: inout SeededGenerator) -> String {
        list[Int(rng.next() % UInt64(list.count))]
    }
}
