// `memtx eval --per-document`: each document's entity counts, in input order, add up to the
// overall and repeated-mention counts (what scripts/paired-bootstrap.py resamples).
import Testing
@testable import MemoryTransformer

@Suite struct PerDocumentScoreTests {
    @Test func perDocumentCountsAddUpToTheReport() throws {
        let model = TestModels.model(variant: .learned, chunkSize: 4, memorySize: 3)
        var second = MemoryControlTests.document
        second.id = "e"
        second.labels = second.labels.map { $0 == "B-PER" ? "B-LOC" : $0 }
        let documents = [MemoryControlTests.document, second]
        let report = try ModelEvaluator(model: model).evaluate(documents, perDocument: true)
        let perDocument = try #require(report.perDocument)
        #expect(perDocument.map(\.id) == ["d", "e"])
        func sum(_ part: KeyPath<DocumentScore, PRFScore>) -> PRFScore {
            perDocument.reduce(PRFScore()) { total, document in
                let score = document[keyPath: part]
                return PRFScore(correct: total.correct + score.correct, predicted: total.predicted + score.predicted,
                                gold: total.gold + score.gold)
            }
        }
        #expect(sum(\.overall) == report.entities.overall)
        #expect(sum(\.repeated) == report.entities.repeated)
        #expect(perDocument.allSatisfy { $0.overall.gold == 5 }, "each document has 5 gold mentions")
        #expect(try ModelEvaluator(model: model).evaluate(documents).perDocument == nil)
    }
}
