// The linear-chain CRF: forward–backward against brute-force enumeration of every label
// sequence (its naive twin: log Z, unary and pairwise marginals, with and without targets,
// ignored targets marginalised), its loss gradient against finite differences, the whole
// model's backward with a CRF against finite differences, and a CRF checkpoint's round trip.
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct LinearChainCRFTests {
    /// log Z, unary and pairwise marginals by visiting all K^T sequences.
    static func bruteForce(logits: [Float], transitions: [Float], T: Int, K: Int, targets: [Int32]? = nil)
        -> (logZ: Double, unary: [Double], pairwise: [Double]) {
        var scores: [(sequence: [Int], score: Double)] = []
        var sequence = [Int](repeating: 0, count: T)
        func visit(_ t: Int, _ score: Double) {
            if t == T { scores.append((sequence, score)); return }
            for j in 0..<K {
                if let targets, targets[t] >= 0, Int(targets[t]) != j { continue }
                sequence[t] = j
                visit(t + 1, score + Double(logits[t * K + j]) + (t == 0 ? 0 : Double(transitions[sequence[t - 1] * K + j])))
            }
        }
        visit(0, 0)
        let top = scores.map(\.score).max()!
        let logZ = top + log(scores.reduce(0) { $0 + exp($1.score - top) })
        var unary = [Double](repeating: 0, count: T * K), pairwise = [Double](repeating: 0, count: K * K)
        for (sequence, score) in scores {
            let p = exp(score - logZ)
            for t in 0..<T { unary[t * K + sequence[t]] += p }
            for t in 1..<T { pairwise[sequence[t - 1] * K + sequence[t]] += p }
        }
        return (logZ, unary, pairwise)
    }

    static func random(T: Int, K: Int, seed: UInt64) -> (logits: [Float], transitions: [Float]) {
        var generator = SeededGenerator(seed: seed)
        return ((0..<(T * K)).map { _ in 2 * generator.nextNormal() }, (0..<(K * K)).map { _ in generator.nextNormal() })
    }

    @Test(arguments: [(1, 3, nil), (4, 3, nil), (5, 4, nil), (4, 3, [1, -1, 0, 2]), (5, 4, [-1, -1, 3, -1, -1])] as [(Int, Int, [Int32]?)])
    func marginalsMatchBruteForce(T: Int, K: Int, targets: [Int32]?) {
        let (logits, transitions) = Self.random(T: T, K: K, seed: UInt64(T * 10 + K))
        let expected = Self.bruteForce(logits: logits, transitions: transitions, T: T, K: K, targets: targets)
        let actual = logits.withUnsafeBufferPointer { l in
            transitions.withUnsafeBufferPointer { a in
                LinearChainCRF.marginals(logits: l.baseAddress!, T: T, K: K, transitions: a.baseAddress!, targets: targets)
            }
        }
        #expect(abs(actual.logPartition - expected.logZ) < 1e-9)
        for (a, b) in zip(actual.unary, expected.unary) { #expect(abs(a - b) < 1e-9) }
        for (a, b) in zip(actual.pairwise, expected.pairwise) { #expect(abs(a - b) < 1e-9) }
    }

    @Test func lossGradientMatchesFiniteDifferences() {
        let T = 5, K = 4, targets: [Int32] = [1, 0, -1, 3, 2]
        let (logits, transitions) = Self.random(T: T, K: K, seed: 7)
        var values = logits + transitions  // logits (T, K), then transitions (K, K)
        func result() -> (loss: Double, dLogits: [Float], dTransitions: [Float]) {
            values.withUnsafeBufferPointer { v in
                LinearChainCRF.loss(logits: v.baseAddress!, T: T, K: K, transitions: v.baseAddress! + T * K, targets: targets)
            }
        }
        let analytic = result()
        #expect(analytic.loss > 0)
        let gradient = analytic.dLogits + analytic.dTransitions, epsilon: Float = 1e-2
        for i in values.indices {
            let saved = values[i]
            values[i] = saved + epsilon; let plus = result().loss
            values[i] = saved - epsilon; let minus = result().loss
            values[i] = saved
            #expect(abs((plus - minus) / Double(2 * epsilon) - Double(gradient[i])) < 1e-3, i < T * K ? "logit \(i)" : "transition \(i - T * K)")
        }
    }

    @Test func noKnownTargetIsNoLoss() {
        let (logits, transitions) = Self.random(T: 3, K: 3, seed: 8)
        let result = logits.withUnsafeBufferPointer { l in
            transitions.withUnsafeBufferPointer { a in
                LinearChainCRF.loss(logits: l.baseAddress!, T: 3, K: 3, transitions: a.baseAddress!, targets: [-1, -1, -1])
            }
        }
        #expect(result.loss == 0 && result.dLogits.allSatisfy { $0 == 0 } && result.dTransitions.allSatisfy { $0 == 0 })
    }

    /// The whole model with a CRF head: every tensor's gradient, the transitions included,
    /// against finite differences (an ignored target among them).
    @Test func modelGradientWithACRFMatchesFiniteDifferences() {
        let model = TestModels.model(variant: .learned, chunkSize: 5, memorySize: 3, crf: true)
        TestModels.embeddingsAtUnitScale(model, seed: 93)
        let words = TestModels.words(5, seed: 2), targets: [Int32] = [0, 1, -1, 3, 2]
        func loss() -> Double { model.encode(words: words, targets: targets, memory: []).loss().sum }
        let forward = model.encode(words: words, targets: targets, memory: [])
        let result = forward.loss()
        let gradients = ModelParameters(config: model.config)
        forward.backward(into: gradients, probabilities: result.probabilities, lossScale: 1)
        #expect(gradients.labelTransitions?.values.contains { $0 != 0 } == true, "the transitions get a gradient")
        #expect(model.parameters.named.contains { $0.name == "head.transitions" })
        ParameterGradientCheck.expectMatches(model, gradients: gradients, seed: 94, loss: loss)
    }

    @Test func aCRFCheckpointKeepsItsTransitionsAndDecodesWithThem() throws {
        let model = TestModels.model(variant: .learned, crf: true)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try model.save(to: directory)
        let loaded = try MemoryTransformerModel.load(from: directory).model
        #expect(loaded.config.crf)
        #expect(loaded.parameters.labelTransitions?.values == model.parameters.labelTransitions?.values)
        let words = Word.placeholders(TestModels.words(9))
        #expect(loaded.label(words: words).map(\.labelID) == model.label(words: words).map(\.labelID))
        // The decoder reads the transitions as they are: a large enough score changes the labels.
        let K = model.config.labels.count
        let before = model.label(words: words).map(\.labelID)
        for i in 0..<(K * K) { model.parameters.labelTransitions![i] = i % K == 3 ? 50 : -50 }
        #expect(model.label(words: words).map(\.labelID) != before)
    }
}
