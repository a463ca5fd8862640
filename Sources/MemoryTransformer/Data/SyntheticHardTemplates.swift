// The text material of the hard synthetic task (`SyntheticTaskConfig.hard`): intro frames
// shared by all types, where only a cue slot reveals the type and sits before or after the
// name at varying distance; more neutral mention frames; larger cue lists.
// `{N}` marks the name, `{T}` a type noun, `{V}` a type participle, `{P}` an optional
// filler phrase (none, or Prep Det Adj? Noun) expanded when the sentence is planned.

/// Sentence frames and cue words of the hard variant of `SyntheticTask`.
enum SyntheticHardTemplates {
    /// Distractor rate used in hard mode when `distractorRate` is lower.
    static let minimumDistractorRate = 0.5
    /// Probability that a hard-mode distractor is an invented capitalised word in a mention
    /// frame (the rest are the calendar-word distractors of the default task).
    static let inventedDistractorFraction: Float = 0.75
    /// Probability that a `{P}` slot gets a phrase rather than nothing.
    static let phraseProbability: Float = 0.5
    /// Most words a `{P}` slot expands to.
    static let longestPhrase = 4

    /// Type nouns filling `{T}`: the default ones and six more per type.
    static let typeNouns: [String: [String]] = [
        "LOC": SyntheticTemplates.typeNouns["LOC"]! + ["island", "harbour", "town", "forest", "desert", "province"],
        "PER": SyntheticTemplates.typeNouns["PER"]! + ["sailor", "lawyer", "painter", "nurse", "pilot", "judge"],
        "ORG": SyntheticTemplates.typeNouns["ORG"]! + ["union", "studio", "charity", "brewery", "publisher", "council"],
        "MISC": SyntheticTemplates.typeNouns["MISC"]! + ["novel", "game", "poem", "recipe", "custom", "legend"],
    ]

    /// Participles filling `{V}` ("{N} was {V}"): a second kind of cue, a verb.
    static let typeParticiples: [String: [String]] = [
        "LOC": ["flooded", "mapped", "surveyed", "irrigated", "fortified", "colonised"],
        "PER": ["promoted", "elected", "knighted", "baptised", "interviewed", "hospitalised"],
        "ORG": ["listed", "acquired", "audited", "privatised", "incorporated", "nationalised"],
        "MISC": ["translated", "performed", "recorded", "cooked", "choreographed", "sung"],
    ]

    /// Every cue word of each type (`typeNouns` and `typeParticiples`).
    static let cueWords: [String: [String]] = typeNouns.merging(typeParticiples) { $0 + $1 }

    /// Intro frames, usable with every type: each has `{N}` once and one cue slot. The cue
    /// stands 1–9 words before or 2–16 words after the name, so no fixed pattern ties the
    /// cue to the name.
    static let intros: [[String]] = SyntheticTemplates.tokens([
        "{N} {P} is a {T} .",
        "The {T} {N} {P} was quiet for years .",
        "There was once a {T} {P} that people called {N} .",
        "People say that {N} was once a small {T} .",
        "{N} , as far as anyone {P} remembers , has always been a {T} .",
        "A {T} named {N} came up {P} in conversation .",
        "Of every {T} we knew , {N} was the oldest .",
        "Our favourite {T} {P} has always been {N} .",
        "Nobody knew at first that {N} was a {T} .",
        "We heard {P} that {N} had become a famous {T} .",
        "It turned out that the {T} everyone talked about {P} was {N} .",
        "{N} was {V} {P} , as we later learned .",
        "We heard that {N} had been {V} .",
        "Years ago , {N} was {V} {P} .",
    ])

    /// Neutral mention frames (the default ten and eight more): no cue word. Hard-mode
    /// distractors use the same frames with an invented word labeled O.
    static let mentions: [[String]] = SyntheticTemplates.mentions + SyntheticTemplates.tokens([
        "We kept hearing about {N} {P} .",
        "It was {N} that everyone asked about .",
        "Even now , {N} comes up {P} .",
        "Her grandfather once mentioned {N} .",
        "Nobody could forget {N} .",
        "For a while , {N} was all anyone discussed .",
        "{N} was in an old photograph {P} .",
        "The name {N} was heard {P} again .",
    ])

    /// Every word of the hard material, lower-cased, plus all default words; invented
    /// names must avoid these.
    static let allWords: Set<String> = {
        var words = SyntheticTemplates.allWords
        for list in cueWords.values { words.formUnion(list) }
        for template in intros + mentions { words.formUnion(template.map { $0.lowercased() }) }
        return words
    }()

    /// Longest intro, in words, with a one-word name and every `{P}` at its longest.
    static let longestIntro = intros.map(expandedLength).max() ?? 0
    /// Longest mention, in words, with a one-word name and every `{P}` at its longest.
    static let longestMention = mentions.map(expandedLength).max() ?? 0

    private static func expandedLength(_ template: [String]) -> Int {
        template.reduce(0) { $0 + ($1 == "{P}" ? longestPhrase : 1) }
    }
}
