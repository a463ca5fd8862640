// SyntheticTask: determinism, exact lengths, and the task's contract — every
// needsMemory word names something introduced ≥ minDistance words earlier, with the same
// type, in a sentence containing a type-revealing word; control mode needs no memory.
import Testing
@testable import MemoryTransformer

@Suite struct SyntheticTaskTests {
    private func config(seed: UInt64 = 7, words: Int = 256, control: Bool = false) -> SyntheticTaskConfig {
        var c = SyntheticTaskConfig()
        c.seed = seed
        c.documents = 20
        c.wordsPerDocument = words
        c.control = control
        return c
    }

    /// The sentence (between full stops) containing word `i`.
    private func sentence(around i: Int, in words: [String]) -> ArraySlice<String> {
        let start = (words[..<i].lastIndex(of: ".") ?? -1) + 1
        let end = words[i...].firstIndex(of: ".") ?? words.count - 1
        return words[start...end]
    }

    private func typeWords(_ type: String) -> Set<String> { Set(SyntheticTask.typeRevealingWords[type] ?? []) }

    @Test func sameSeedSameDocuments() throws {
        let a = try SyntheticTask(config: config()).generate()
        let b = try SyntheticTask(config: config()).generate()
        let c = try SyntheticTask(config: config(seed: 8)).generate()
        #expect(a == b)
        #expect(a != c)
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

    @Test func memoryWordsWereIntroducedFarEnoughBack() throws {
        let c = config()
        var memorySpans = 0
        for doc in try SyntheticTask(config: c).generate() {
            let spans = EntitySpan.extract(from: doc.labels)
            var firstBySurface: [String: EntitySpan] = [:]
            for span in spans {
                let surface = span.surface(in: doc.words)
                guard let intro = firstBySurface[surface] else {
                    // A first occurrence is an intro: local, type-revealing context.
                    #expect(!doc.needsMemory[span.start])
                    #expect(!typeWords(span.type).isDisjoint(with: sentence(around: span.start, in: doc.words)))
                    firstBySurface[surface] = span
                    continue
                }
                #expect(doc.needsMemory[span.start])
                #expect(span.type == intro.type)
                #expect(span.start - intro.start >= c.minDistance)
                #expect(span.start / c.chunkSize != intro.start / c.chunkSize)
                // Mention context reveals no type.
                let allTypeWords = Set(SyntheticTask.typeRevealingWords.values.flatMap { $0 })
                #expect(allTypeWords.isDisjoint(with: sentence(around: span.start, in: doc.words)))
                memorySpans += 1
            }
            for i in doc.words.indices where doc.needsMemory[i] { #expect(doc.labels[i] != "O") }
        }
        #expect(memorySpans >= 40, "20 documents should contain many later mentions, got \(memorySpans)")
    }

    @Test func distractorsAndUnmentionedNamesOccur() throws {
        let docs = try SyntheticTask(config: config()).generate()
        let capitalisedO = docs.flatMap { doc in doc.words.indices.filter {
            doc.labels[$0] == "O" && SyntheticTemplates.capitalisedWords.contains(doc.words[$0]) } }
        #expect(!capitalisedO.isEmpty)
        var unmentioned = 0
        for doc in docs {
            let surfaces = EntitySpan.extract(from: doc.labels).map { $0.surface(in: doc.words) }
            unmentioned += Set(surfaces).filter { s in surfaces.filter { $0 == s }.count == 1 }.count
        }
        #expect(unmentioned > 0)
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
                    #expect(span.type == intro.type)
                    repeats += 1
                } else {
                    first[surface] = span
                }
            }
        }
        #expect(repeats > 0)
    }

    @Test func scalesToFourTimesTheLength() throws {
        let short = try SyntheticTask(config: config()).generate()
        let long = try SyntheticTask(config: config(words: 1024)).generate()
        #expect(long.allSatisfy { $0.words.count == 1024 })
        func names(_ docs: [LabeledDocument]) -> Int {
            docs.map { d in Set(EntitySpan.extract(from: d.labels).map { $0.surface(in: d.words) }).count }.reduce(0, +)
        }
        #expect(names(long) > 3 * names(short))
        #expect(long.map { $0.needsMemory.filter { $0 }.count }.reduce(0, +) > 0)
    }

    @Test func inconsistentConfigIsRejected() {
        var c = config()
        c.minDistance = 16
        #expect(throws: DataError.self) { try SyntheticTask(config: c) }
        c = config(control: true)
        c.chunkSize = 8
        #expect(throws: DataError.self) { try SyntheticTask(config: c) }
    }
}
