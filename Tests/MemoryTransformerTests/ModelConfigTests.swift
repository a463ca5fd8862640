// ModelConfig validation: inconsistent hyperparameters are rejected with a reason.
import Testing
@testable import MemoryTransformer

@Suite struct ModelConfigTests {
    @Test func defaultConfigIsValid() throws {
        try ModelConfig(labels: ["O", "B-PER"]).validate()
    }

    @Test func headsMustDivideWidth() {
        var config = ModelConfig(labels: ["O"])
        config.dModel = 30
        config.heads = 4
        #expect(throws: ModelError.self) { try config.validate() }
    }

    @Test func aRecurrenceBonusNeedsOneEntryPerWordAndIsNotAWeight() throws {
        var config = ModelConfig(labels: ["O"])
        config.recurrenceBonus = 2
        #expect(throws: ModelError.self) { try config.validate() }
        config.oneEntryPerWord = true
        try config.validate()
        #expect(config.hasSameWeights(as: ModelConfig(labels: ["O"])) == false)   // oneEntryPerWord differs
        var other = config
        other.recurrenceBonus = 0
        #expect(config.hasSameWeights(as: other))
        config.recurrenceBonus = -1
        #expect(throws: ModelError.self) { try config.validate() }
    }
}
