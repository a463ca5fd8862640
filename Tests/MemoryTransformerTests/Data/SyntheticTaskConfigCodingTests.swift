// SyntheticTaskConfig's JSON form: `hard` defaults to false, so a configuration written
// before the field existed decodes to the same task and generates the same documents.
import Foundation
import Testing
@testable import MemoryTransformer

@Suite struct SyntheticTaskConfigCodingTests {
    private func config() -> SyntheticTaskConfig {
        var c = SyntheticTaskConfig()
        c.seed = 11
        c.documents = 8
        c.wordsPerDocument = 512
        c.distractorRate = 0.4
        return c
    }

    /// `config` encoded to JSON with the `hard` key removed, as an older writer produced it.
    private func jsonWithoutHard(_ config: SyntheticTaskConfig) throws -> Data {
        let encoded = try JSONEncoder().encode(config)
        var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        #expect(object["hard"] as? Bool == false)
        object["hard"] = nil
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test func hardIsOffByDefault() {
        let c = SyntheticTaskConfig()
        #expect(!c.hard)
        #expect(c.effectiveDistractorRate == c.distractorRate)
    }

    @Test func configWithoutHardDecodesToTheSameTask() throws {
        let original = config()
        let decoded = try JSONDecoder().decode(SyntheticTaskConfig.self, from: jsonWithoutHard(original))
        #expect(decoded == original)
        #expect(try SyntheticTask(config: decoded).generate() == SyntheticTask(config: original).generate())
    }

    @Test func roundTripKeepsHard() throws {
        var c = config()
        c.hard = true
        let decoded = try JSONDecoder().decode(SyntheticTaskConfig.self, from: JSONEncoder().encode(c))
        #expect(decoded == c)
    }

    @Test func missingKeysKeepTheirDefaults() throws {
        let decoded = try JSONDecoder().decode(SyntheticTaskConfig.self, from: Data(#"{"seed": 5}"#.utf8))
        var expected = SyntheticTaskConfig()
        expected.seed = 5
        #expect(decoded == expected)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(SyntheticTaskConfig.self, from: Data(#"{"hard": "yes"}"#.utf8))
        }
    }

    @Test func hardChangesTheDocuments() throws {
        var hard = config()
        hard.hard = true
        #expect(try SyntheticTask(config: hard).generate() != SyntheticTask(config: config()).generate())
    }
}
