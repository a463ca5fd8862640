// Builds one synthetic document: plans where each name is introduced and mentioned,
// then emits sentences in order (events when due, filler otherwise), and finally trims
// to a sentence boundary and pads with filler to exactly `wordsPerDocument` words.
// The hard variant swaps in stem-sharing names, `SyntheticHardTemplates` and invented-word
// distractors; the default variant draws exactly the random numbers it always did.
import Kernels

/// Generates a single document of the synthetic task from its own random stream.
struct SyntheticDocumentBuilder {
    private struct Name {
        var words: [String]
        var type: String
        var mentioned: Bool
    }

    private enum Kind { case intro, mention }

    private struct Event {
        var kind: Kind
        var name: Int
        var target: Int
        var template: [String]
        /// Offset of the name's first word inside the template.
        var nameOffset: Int { template.firstIndex(of: "{N}") ?? 0 }
    }

    private let config: SyntheticTaskConfig
    private var rng: SeededGenerator
    private var names: [Name] = []
    /// Hard mode: invented words from the names' stems, used only as O-labeled distractors.
    private var pseudoNames: [String] = []
    private var introPosition: [Int: Int] = [:]
    private var words: [String] = []
    private var labels: [String] = []
    private var needsMemory: [Bool] = []
    private var sentenceEnds: [Int] = [0]

    init(config: SyntheticTaskConfig, rng: SeededGenerator) {
        self.config = config
        self.rng = rng
    }

    /// Generates the document with identifier `id`.
    mutating func build(id: String) -> LabeledDocument {
        makeNames()
        var events = planEvents()
        let length = config.wordsPerDocument
        while words.count < length {
            let pos = words.count
            if let index = events.firstIndex(where: { $0.target <= pos && isEligible($0, at: pos) }) {
                let event = events.remove(at: index)
                if config.control { emitControlBlock(event) } else { emit(event) }
            } else if rng.nextUniform() < Float(config.effectiveDistractorRate) {
                emitDistractor()
            } else {
                emitFiller(length: 6 + randomInt(6))
            }
        }
        // Trim to the last sentence boundary inside the budget, then pad exactly.
        let boundary = sentenceEnds.last(where: { $0 <= length }) ?? 0
        words.removeSubrange(boundary...)
        labels.removeSubrange(boundary...)
        needsMemory.removeSubrange(boundary...)
        emitFiller(length: length - boundary)
        return LabeledDocument(id: id, words: words, labels: labels, needsMemory: needsMemory)
    }

    // MARK: Planning

    private mutating func makeNames() {
        var generator: any InventedNameSource = config.hard
            ? StemNameGenerator(stemCount: max(2, config.namesPerDocument / 4), using: &rng)
            : NameGenerator()
        for _ in 0..<config.namesPerDocument {
            let type = pick(SyntheticTemplates.types)
            var nameWords = [generator.next(using: &rng)]
            if rng.nextUniform() < Float(config.twoWordNameFraction) {
                nameWords.append(generator.next(using: &rng))
            }
            let mentioned = rng.nextUniform() >= Float(config.unmentionedFraction)
            names.append(Name(words: nameWords, type: type, mentioned: mentioned))
        }
        if config.hard {
            pseudoNames = (0..<max(2, config.namesPerDocument / 2)).map { _ in generator.next(using: &rng) }
        }
    }

    private mutating func planEvents() -> [Event] {
        let length = config.wordsPerDocument
        let lastMention = length - longestMention - 3
        var events: [Event] = []
        for (i, name) in names.enumerated() {
            let intro = pickIntro(type: name.type)
            if config.control || !name.mentioned {
                let introLast = max(0, length - (config.control ? config.chunkSize : longestIntro + 3))
                events.append(Event(kind: .intro, name: i, target: randomInt(introLast + 1), template: intro))
                continue
            }
            let introTarget = randomInt(max(0, lastMention - config.minDistance) + 1)
            events.append(Event(kind: .intro, name: i, target: introTarget, template: intro))
            let first = introTarget + config.minDistance
            for _ in 0..<config.mentionsPerName {
                let target = first + randomInt(max(0, lastMention - first) + 1)
                events.append(Event(kind: .mention, name: i, target: target, template: pickMention()))
            }
        }
        // Stable sort by target: ties keep plan order, so an intro precedes its mentions.
        return events.enumerated().sorted { ($0.element.target, $0.offset) < ($1.element.target, $1.offset) }.map(\.element)
    }

    // MARK: Templates of the variant

    private var longestIntro: Int {
        config.hard ? SyntheticHardTemplates.longestIntro : SyntheticTemplates.longestIntro
    }
    private var longestMention: Int {
        config.hard ? SyntheticHardTemplates.longestMention : SyntheticTemplates.longestMention
    }
    private var typeNouns: [String: [String]] {
        config.hard ? SyntheticHardTemplates.typeNouns : SyntheticTemplates.typeNouns
    }

    /// An intro template for `type`, with any `{P}` already expanded.
    private mutating func pickIntro(type: String) -> [String] {
        config.hard ? expandPhrases(pick(SyntheticHardTemplates.intros)) : pick(SyntheticTemplates.intros[type]!)
    }

    /// A mention template, with any `{P}` already expanded.
    private mutating func pickMention() -> [String] {
        config.hard ? expandPhrases(pick(SyntheticHardTemplates.mentions)) : pick(SyntheticTemplates.mentions)
    }

    /// Replaces each `{P}` by nothing or a filler phrase Prep Det Adj? Noun, so that the
    /// template's length and name offset are final before it is scheduled.
    private mutating func expandPhrases(_ template: [String]) -> [String] {
        var expanded: [String] = []
        for token in template {
            guard token == "{P}" else { expanded.append(token); continue }
            guard rng.nextUniform() < SyntheticHardTemplates.phraseProbability else { continue }
            let vocab = SyntheticTemplates.self
            expanded += [pick(vocab.prepositions), pick(vocab.determiners)]
            if rng.nextUniform() < 0.5 { expanded.append(pick(vocab.adjectives)) }
            expanded.append(pick(vocab.nouns))
        }
        return expanded
    }

    private func isEligible(_ event: Event, at pos: Int) -> Bool {
        guard event.kind == .mention else { return true }
        guard let intro = introPosition[event.name] else { return false }
        return pos + event.nameOffset >= intro + config.minDistance
    }

    // MARK: Emission

    private mutating func emit(_ event: Event) {
        let isMention = event.kind == .mention
        let position = emitTemplate(event.template, name: names[event.name], needsMemory: isMention && !config.control)
        if !isMention { introPosition[event.name] = position }
    }

    /// Control mode: the intro and as many mentions as fit, all inside one chunk.
    private mutating func emitControlBlock(_ intro: Event) {
        let name = names[intro.name]
        let extra = name.words.count - 1
        var block = [intro.template]
        var blockLength = intro.template.count + extra
        for _ in 0..<config.mentionsPerName {
            let mention = pickMention()
            guard blockLength + mention.count + extra <= config.chunkSize else { break }
            block.append(mention)
            blockLength += mention.count + extra
        }
        let nextBoundary = (words.count / config.chunkSize + 1) * config.chunkSize
        if words.count + blockLength > nextBoundary { emitFiller(length: nextBoundary - words.count) }
        for template in block { _ = emitTemplate(template, name: name, needsMemory: false) }
    }

    /// Appends a template; returns the position of the name's first word (or -1).
    private mutating func emitTemplate(_ template: [String], name: Name?, needsMemory memory: Bool) -> Int {
        var namePosition = -1
        for token in template {
            switch token {
            case "{N}":
                guard let name else { continue }
                namePosition = words.count
                for (k, word) in name.words.enumerated() {
                    append(word, (k == 0 ? "B-" : "I-") + name.type, memory)
                }
            case "{T}":
                append(pick(typeNouns[name?.type ?? "MISC"]!), "O", false)
            case "{V}":
                append(pick(SyntheticHardTemplates.typeParticiples[name?.type ?? "MISC"]!), "O", false)
            case "{D}":
                append(pick(SyntheticTemplates.capitalisedWords), "O", false)
            default:
                append(token, "O", false)
            }
        }
        sentenceEnds.append(words.count)
        return namePosition
    }

    /// A distractor sentence. Hard mode mostly uses a mention frame around an invented word
    /// labeled O, so neither capitalisation nor context marks a name.
    private mutating func emitDistractor() {
        if config.hard, !pseudoNames.isEmpty, rng.nextUniform() < SyntheticHardTemplates.inventedDistractorFraction {
            let word = pick(pseudoNames)
            let template = pickMention().map { $0 == "{N}" ? word : $0 }
            _ = emitTemplate(template, name: nil, needsMemory: false)
            return
        }
        _ = emitTemplate(pick(SyntheticTemplates.distractors), name: nil, needsMemory: false)
    }

    /// A filler sentence of exactly `length` words (ending in "."): the grammar
    /// Det Adj? Noun Verb Det Adj? Noun (Prep Det Noun)? Adverb? when there is room,
    /// otherwise a short run of nouns.
    private mutating func emitFiller(length: Int) {
        guard length > 0 else { return }
        let vocab = SyntheticTemplates.self
        let n = length - 1
        var sentence: [String] = []
        if n < 5 {
            for _ in 0..<n { sentence.append(pick(vocab.nouns)) }
        } else {
            var budget = n - 5
            let phrase = budget >= 3 && rng.nextUniform() < 0.6
            if phrase { budget -= 3 }
            let adjective1 = budget >= 1 && rng.nextUniform() < 0.5
            if adjective1 { budget -= 1 }
            let adjective2 = budget >= 1 && rng.nextUniform() < 0.5
            if adjective2 { budget -= 1 }
            sentence.append(pick(vocab.determiners))
            if adjective1 { sentence.append(pick(vocab.adjectives)) }
            sentence += [pick(vocab.nouns), pick(vocab.verbs), pick(vocab.determiners)]
            if adjective2 { sentence.append(pick(vocab.adjectives)) }
            sentence.append(pick(vocab.nouns))
            if phrase { sentence += [pick(vocab.prepositions), pick(vocab.determiners), pick(vocab.nouns)] }
            for _ in 0..<budget { sentence.append(pick(vocab.adverbs)) }
        }
        if let first = sentence.first { sentence[0] = first.prefix(1).uppercased() + first.dropFirst() }
        sentence.append(".")
        for word in sentence { append(word, "O", false) }
        sentenceEnds.append(words.count)
    }

    private mutating func append(_ word: String, _ label: String, _ memory: Bool) {
        words.append(word)
        labels.append(label)
        needsMemory.append(memory)
    }

    // MARK: Randomness

    private mutating func randomInt(_ upperBound: Int) -> Int {
        upperBound <= 1 ? 0 : Int(rng.next() % UInt64(upperBound))
    }

    private mutating func pick<T>(_ list: [T]) -> T { list[randomInt(list.count)] }
}
