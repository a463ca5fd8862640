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
}
