// SyntheticTask with `hard`: the long-range contract still holds (later mentions repeat the
// intro's words exactly, need memory, lie ≥ minDistance later and reveal no type), names of
// different types share substrings, name-like invented distractors are labeled O, control
// mode stays local, and generation is deterministic.
import Testing
@testable import MemoryTransformer

@Suite struct SyntheticHardTaskTests {
    private func config(seed: UInt64 = 7, words: Int = 256, control: Bool = false) -> SyntheticTaskConfig {
        var c = SyntheticTaskConfig()
        c.seed = seed
        c.documents = 20
        c.wordsPerDocument = words
        c.control = control
        c.hard = true
        return c
    }

    private var cues: [String: Set<String>] { SyntheticTask.typeRevealingWords(hard: true).mapValues(Set.init) }
    private var allCues: Set<String> { cues.values.reduce(into: Set()) { $0.formUnion($1) } }

    /// The sentence (between full stops) containing word `i`.
    private func sentence(around i: Int, in words: [String]) -> ArraySlice<String> {
        let start = (words[..<i].lastIndex(of: ".") ?? -1) + 1
        let end = words[i...].firstIndex(of: ".") ?? words.count - 1
        return words[start...end]
    }

    /// Whether `a` and `b` share a substring of `length` characters (case-insensitive).
    private func shareSubstring(_ a: String, _ b: String, length: Int = 4) -> Bool {
        let a = Array(a.lowercased()), b = b.lowercased()
        guard a.count >= length else { return false }
        return (0...(a.count - length)).contains { b.contains(String(a[$0..<($0 + length)])) }
    }

    /// Each name of `doc` (its intro's words) with its type.
    private func names(in doc: LabeledDocument) -> [String: String] {
        var types: [String: String] = [:]
        for span in EntitySpan.extract(from: doc.labels) where types[span.surface(in: doc.words)] == nil {
            types[span.surface(in: doc.words)] = span.type
        }
        return types
    }

    /// Capitalised O-labeled words that are no word of the task's vocabulary: invented.
    private func inventedDistractors(in doc: LabeledDocument) -> [Int] {
        doc.words.indices.filter { i in
            let word = doc.words[i]
            return doc.labels[i] == "O" && word.first?.isUppercase == true
                && !SyntheticHardTemplates.allWords.contains(word.lowercased())
        }
    }

    @Test func sameSeedSameDocuments() throws {
        let a = try SyntheticTask(config: config()).generate()
        #expect(try SyntheticTask(config: config()).generate() == a)
        #expect(try SyntheticTask(config: config(seed: 8)).generate() != a)
        #expect(try SyntheticTask(config: config()).document(at: 5) == a[5])
    }

    @Test func lengthsAndLabelsAreConsistent() throws {
        for doc in try SyntheticTask(config: config()).generate() {
            #expect(doc.words.count == 256)
            #expect(doc.labels.count == doc.words.count && doc.needsMemory.count == doc.words.count)
            #expect(doc.labels.allSatisfy { SyntheticTask.labels.contains($0) })
            #expect(BIOTags.iob1ToBIO2(doc.labels) == doc.labels, "labels must be BIO2")
        }
    }

    @Test func laterMentionsRepeatTheIntroAndNeedMemory() throws {
        let c = config()
        var memorySpans = 0
        for doc in try SyntheticTask(config: c).generate() {
            var intros: [String: EntitySpan] = [:]
            for span in EntitySpan.extract(from: doc.labels) {
                let surface = span.surface(in: doc.words)
                let context = Set(sentence(around: span.start, in: doc.words))
                guard let intro = intros[surface] else {
                    #expect(!doc.needsMemory[span.start])
                    #expect(!cues[span.type]!.isDisjoint(with: context), "intro of \(surface) reveals no type")
                    intros[surface] = span
                    continue
                }
                // Exactly the intro's words, nothing more: the words around the span are O.
                #expect(span.end - span.start == intro.end - intro.start)
                #expect(span.end == doc.words.count || doc.labels[span.end] == "O")
                #expect((span.start..<span.end).allSatisfy { doc.needsMemory[$0] })
                #expect(span.type == intro.type)
                #expect(span.start - intro.start >= c.minDistance)
                #expect(span.start / c.chunkSize != intro.start / c.chunkSize)
                #expect(allCues.isDisjoint(with: context), "mention of \(surface) reveals a type")
                memorySpans += 1
            }
            for i in doc.words.indices where doc.needsMemory[i] { #expect(doc.labels[i] != "O") }
        }
        #expect(memorySpans >= 40, "20 documents should contain many later mentions, got \(memorySpans)")
    }

    @Test func namesOfDifferentTypesShareSubstrings() throws {
        var fractions: [Double] = []
        for doc in try SyntheticTask(config: config()).generate() {
            let types = names(in: doc)
            guard types.count > 1 else { continue }
            let sharing = types.filter { name, type in
                types.contains { other, otherType in otherType != type && shareSubstring(name, other) }
            }
            fractions.append(Double(sharing.count) / Double(types.count))
        }
        let mean = fractions.reduce(0, +) / Double(fractions.count)
        #expect(fractions.count >= 15)
        #expect(mean > 0.5, "mean fraction of names sharing a 4-gram with another type: \(mean)")
    }

    @Test func nameLikeDistractorsAreLabeledO() throws {
        var invented = 0
        var sharingAName = 0
        for doc in try SyntheticTask(config: config()).generate() {
            let labeledNames = Set(names(in: doc).keys.flatMap { $0.split(separator: " ").map(String.init) })
            for i in inventedDistractors(in: doc) {
                let word = doc.words[i]
                invented += 1
                #expect(!labeledNames.contains(word), "\(word) is labeled O here and as a name elsewhere")
                #expect(!doc.needsMemory[i])
                #expect(allCues.isDisjoint(with: sentence(around: i, in: doc.words)), "\(word) is introduced")
                if labeledNames.contains(where: { shareSubstring(word, $0) }) { sharingAName += 1 }
            }
        }
        #expect(invented >= 40, "20 documents should contain many invented distractors, got \(invented)")
        #expect(Double(sharingAName) > 0.9 * Double(invented))
    }

    @Test func defaultTaskHasNoInventedDistractors() throws {
        var c = config()
        c.hard = false
        for doc in try SyntheticTask(config: c).generate() { #expect(inventedDistractors(in: doc).isEmpty) }
    }

    @Test func controlModeKeepsMentionsLocal() throws {
        let c = config(control: true)
        var repeats = 0
        for doc in try SyntheticTask(config: c).generate() {
            #expect(doc.words.count == 256)
            #expect(!doc.needsMemory.contains(true))
            var first: [String: EntitySpan] = [:]
            for span in EntitySpan.extract(from: doc.labels) {
                let surface = span.surface(in: doc.words)
                if let intro = first[surface] {
                    #expect(span.start / c.chunkSize == intro.start / c.chunkSize)
                    repeats += 1
                } else {
                    first[surface] = span
                }
            }
        }
        #expect(repeats > 0)
    }

    @Test func scalesToFourTimesTheLength() throws {
        let docs = try SyntheticTask(config: config(words: 1024)).generate()
        #expect(docs.allSatisfy { $0.words.count == 1024 })
        #expect(docs.map { names(in: $0).count }.reduce(0, +) > 20 * 24)
        #expect(docs.map { $0.needsMemory.filter { $0 }.count }.reduce(0, +) > 20 * 30)
    }
}
