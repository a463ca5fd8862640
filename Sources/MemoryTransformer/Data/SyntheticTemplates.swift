// The fixed text material of the synthetic task: type-revealing intro templates,
// neutral mention templates, distractor templates and the filler grammar (~200 words).
// `{N}` marks the name, `{T}` a type noun, `{D}` a capitalised non-name word.

/// Sentence templates and word lists of `SyntheticTask`.
enum SyntheticTemplates {
    /// Entity types of the task, in label order.
    static let types = ["PER", "LOC", "ORG", "MISC"]

    /// Words that reveal the type; they appear only in intro sentences.
    static let typeNouns: [String: [String]] = [
        "LOC": ["river", "city", "village", "mountain", "lake", "valley"],
        "PER": ["singer", "farmer", "doctor", "teacher", "writer", "actor"],
        "ORG": ["company", "firm", "bank", "club", "agency", "factory"],
        "MISC": ["language", "festival", "dish", "song", "dance", "holiday"],
    ]

    /// Intro templates per type: each contains `{N}` and `{T}`.
    static let intros: [String: [[String]]] = [
        "LOC": tokens([
            "{N} is a {T} in the north .",
            "We travelled to the {T} of {N} last year .",
            "Many people live near the {T} {N} .",
            "The {T} called {N} is very old .",
        ]),
        "PER": tokens([
            "{N} , a {T} , arrived .",
            "The {T} {N} said hello to everyone .",
            "{N} works as a {T} in town .",
            "Our new {T} , {N} , came late .",
        ]),
        "ORG": tokens([
            "{N} is a {T} that sells tools .",
            "The {T} {N} hired ten new workers .",
            "Workers at the {T} {N} went home early .",
            "{N} , the largest {T} here , grew fast .",
        ]),
        "MISC": tokens([
            "{N} is a {T} that many people like .",
            "Everyone enjoyed the {T} called {N} .",
            "The old {T} {N} is still popular .",
            "They learned about {N} , a {T} from abroad .",
        ]),
    ]

    /// Mention templates that do not reveal the type: each contains `{N}` once.
    static let mentions: [[String]] = tokens([
        "Later , people spoke of {N} again .",
        "Nobody expected {N} to change so much .",
        "{N} was mentioned in the letter .",
        "They often thought about {N} .",
        "Some say {N} is different now .",
        "A story about {N} came up .",
        "After that , {N} was in the news .",
        "Everyone still remembers {N} .",
        "She wrote a note about {N} .",
        "The report said little about {N} .",
    ])

    /// Distractor templates: a capitalised word `{D}` that is not a name (label O).
    static let distractors: [[String]] = tokens([
        "On {D} the market was busy .",
        "{D} was a quiet time for everyone .",
        "By {D} the weather turned cold .",
        "Nothing happened until {D} .",
        "{D} came and went without news .",
    ])

    /// Capitalised non-name words used by distractors.
    static let capitalisedWords = [
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "Spring", "Summer", "Autumn", "Winter",
    ]

    // Filler grammar: Det Adj? Noun Verb Det Adj? Noun (Prep Det Noun)? Adverb? .
    static let determiners = ["the", "a", "this", "that", "every", "one", "some", "her", "his", "our"]
    static let adjectives = [
        "small", "big", "old", "new", "quiet", "loud", "warm", "cold", "bright", "dark",
        "long", "short", "happy", "tired", "busy", "empty", "full", "heavy", "light", "young",
        "green", "red", "blue", "white", "slow", "quick", "simple", "strange", "careful", "gentle",
        "wet", "dry", "soft", "hard", "clean", "dusty", "broken", "round", "tall", "kind",
    ]
    static let nouns = [
        "man", "woman", "child", "dog", "cat", "horse", "bird", "house", "door", "window",
        "table", "chair", "book", "letter", "road", "bridge", "garden", "tree", "flower", "field",
        "boat", "car", "train", "bus", "shop", "market", "school", "room", "kitchen", "street",
        "box", "bag", "coat", "hat", "cup", "plate", "bread", "apple", "fish", "egg",
        "morning", "evening", "night", "week", "year", "storm", "wind", "rain", "snow", "sun",
        "friend", "neighbour", "stranger", "child", "crowd", "group", "guest", "boy", "girl", "baker",
        "key", "lamp", "clock", "wall", "floor", "roof", "stone", "path", "fence", "gate",
    ]
    static let verbs = [
        "saw", "found", "took", "left", "opened", "closed", "carried", "moved", "watched", "heard",
        "painted", "cleaned", "fixed", "broke", "lost", "kept", "bought", "sold", "gave", "brought",
        "liked", "passed", "followed", "pushed", "pulled", "touched", "washed", "filled", "held", "met",
        "visited", "noticed", "counted", "picked", "dropped", "shared", "checked", "covered", "wanted", "used",
    ]
    static let prepositions = ["near", "behind", "under", "over", "beside", "across", "along", "inside", "past", "around"]
    static let adverbs = [
        "slowly", "quickly", "again", "today", "yesterday", "twice", "quietly", "early", "late", "soon",
        "carefully", "together", "outside", "often", "once",
    ]

    /// Every filler word (lower case); invented names must avoid these.
    static let fillerWords: Set<String> = Set(determiners + adjectives + nouns + verbs + prepositions + adverbs)

    /// Every word appearing in any template or list, lower-cased.
    static let allWords: Set<String> = {
        var words = fillerWords
        for list in typeNouns.values { words.formUnion(list) }
        let templates = intros.values.flatMap { $0 } + mentions + distractors
        for template in templates { words.formUnion(template.map { $0.lowercased() }) }
        words.formUnion(capitalisedWords.map { $0.lowercased() })
        return words
    }()

    /// Longest intro template, in words (one-word name).
    static let longestIntro = intros.values.flatMap { $0 }.map(\.count).max() ?? 0
    /// Longest mention template, in words (one-word name).
    static let longestMention = mentions.map(\.count).max() ?? 0

    /// Splits each sentence at spaces into tokens.
    static func tokens(_ sentences: [String]) -> [[String]] {
        sentences.map { $0.split(separator: " ").map(String.init) }
    }
}
