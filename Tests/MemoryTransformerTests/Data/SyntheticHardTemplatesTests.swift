// The hard variant's text material: every intro frame has one name and one cue slot, the
// cue sits before and after the name at many distances, each cue word can fill several
// frames, and no cue word occurs in a mention frame, a distractor or the filler vocabulary.
import Testing
@testable import MemoryTransformer

@Suite struct SyntheticHardTemplatesTests {
    private let cueSlots: Set<String> = ["{T}", "{V}"]
    private var allCues: Set<String> { Set(SyntheticHardTemplates.cueWords.values.flatMap { $0 }) }

    @Test func introFramesHaveOneNameAndOneCue() {
        for frame in SyntheticHardTemplates.intros {
            #expect(frame.filter { $0 == "{N}" }.count == 1, "\(frame)")
            #expect(frame.filter { cueSlots.contains($0) }.count == 1, "\(frame)")
        }
    }

    @Test func cuePositionVaries() {
        let offsets = SyntheticHardTemplates.intros.map { frame in
            frame.firstIndex { cueSlots.contains($0) }! - frame.firstIndex(of: "{N}")!
        }
        #expect(offsets.contains { $0 < 0 } && offsets.contains { $0 > 0 })
        #expect(Set(offsets).count >= 6, "cue offsets \(offsets)")
        #expect(offsets.contains { abs($0) >= 5 })
        #expect(SyntheticHardTemplates.intros.filter { $0.contains("{P}") }.count >= 5)
    }

    @Test func everyCueWordFillsSeveralFrames() {
        for slot in cueSlots {
            #expect(SyntheticHardTemplates.intros.filter { $0.contains(slot) }.count >= 3, "\(slot)")
        }
        for type in SyntheticTemplates.types {
            #expect(SyntheticHardTemplates.typeNouns[type]!.count >= 12)
            #expect(SyntheticHardTemplates.typeParticiples[type]!.count >= 6)
        }
        let lists = SyntheticHardTemplates.cueWords.values.map(Set.init)
        #expect(lists.reduce(0) { $0 + $1.count } == allCues.count, "a cue word belongs to one type only")
    }

    @Test func cueWordsOccurOnlyInCueSlots() {
        let literal = (SyntheticHardTemplates.intros + SyntheticHardTemplates.mentions + SyntheticTemplates.distractors)
            .flatMap { $0 }.map { $0.lowercased() }
        #expect(allCues.isDisjoint(with: literal))
        #expect(allCues.isDisjoint(with: SyntheticTemplates.fillerWords))
        #expect(allCues.isDisjoint(with: SyntheticTemplates.capitalisedWords.map { $0.lowercased() }))
    }

    @Test func mentionFramesAreNeutral() {
        #expect(SyntheticHardTemplates.mentions.count > SyntheticTemplates.mentions.count)
        for frame in SyntheticHardTemplates.mentions {
            #expect(frame.filter { $0 == "{N}" }.count == 1, "\(frame)")
            #expect(!frame.contains { cueSlots.contains($0) }, "\(frame)")
        }
    }

    @Test func validationUsesTheExpandedLengths() throws {
        let rawLongest = SyntheticHardTemplates.intros.map(\.count).max()!
        #expect(SyntheticHardTemplates.longestIntro >= rawLongest + SyntheticHardTemplates.longestPhrase - 1)
        var c = SyntheticTaskConfig()
        c.hard = true
        c.control = true
        c.chunkSize = SyntheticHardTemplates.longestIntro + SyntheticHardTemplates.longestMention + 1
        #expect(throws: DataError.self) { try SyntheticTask(config: c) }
        c.chunkSize += 1
        _ = try SyntheticTask(config: c)
        c.control = false
        c.chunkSize = 32
        let longest = SyntheticHardTemplates.longestIntro + SyntheticHardTemplates.longestMention + 2
        c.wordsPerDocument = c.minDistance + 2 * longest - 1
        #expect(throws: DataError.self) { try SyntheticTask(config: c) }
        c.hard = false
        _ = try SyntheticTask(config: c)
    }
}
