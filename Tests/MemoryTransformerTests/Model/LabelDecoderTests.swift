// Label decoding: the BIO transition rule, Viterbi against brute-force enumeration of every
// label sequence (its naive twin, also with a CRF's transition scores), argmax where labels are not BIO, and which rule a
// config decodes with (new models BIO Viterbi, config files from before it argmax).
import Foundation
import Kernels
import Testing
@testable import MemoryTransformer

@Suite struct LabelDecoderTests {
    static let labels = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]

    /// The best valid sequence by trying all K^T of them (ties: the lexicographically first).
    func bruteForce(_ logProbabilities: [[Double]], allowed: (Int, Int) -> Bool,
                    transition: (Int, Int) -> Double = { _, _ in 0 }) -> [Int] {
        let T = logProbabilities.count, K = logProbabilities[0].count
        var best: [Int] = [], bestScore = -Double.infinity
        var sequence = [Int](repeating: 0, count: T)
        func visit(_ t: Int, _ score: Double) {
            if t == T {
                if score > bestScore + 1e-9 { bestScore = score; best = sequence }
                return
            }
            for j in 0..<K where t == 0 || allowed(sequence[t - 1], j) {
                sequence[t] = j
                visit(t + 1, score + logProbabilities[t][j] + (t == 0 ? 0 : transition(sequence[t - 1], j)))
            }
        }
        visit(0, 0)
        return best
    }

    func words(_ count: Int) -> [Word] { Word.placeholders((0..<count).map { "w\($0)" }) }

    @Test func transitionsFollowBIO() {
        let decoder = LabelDecoder(labels: Self.labels, decoding: .bioViterbi)
        func allowed(_ a: String, _ b: String) -> Bool {
            decoder.allowed[Self.labels.firstIndex(of: a)! * 5 + Self.labels.firstIndex(of: b)!]
        }
        #expect(allowed("B-PER", "I-PER") && allowed("I-PER", "I-PER"))
        #expect(!allowed("O", "I-PER") && !allowed("B-LOC", "I-PER") && !allowed("I-LOC", "I-PER"))
        #expect(allowed("I-PER", "B-PER") && allowed("O", "B-LOC") && allowed("I-LOC", "O"))
    }

    @Test(arguments: 1...20)
    func viterbiMatchesBruteForce(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let T = 1 + Int(seed % 6), K = Self.labels.count
        let logits = (0..<(T * K)).map { _ in 2 * generator.nextNormal() }
        let decoder = LabelDecoder(labels: Self.labels, decoding: .bioViterbi)
        let labelled = logits.withUnsafeBufferPointer { decoder.decode(logits: $0.baseAddress!, words: words(T)[...]) }
        let logProbabilities = (0..<T).map { t -> [Double] in
            let row = logits[(t * K)..<((t + 1) * K)].map(Double.init)
            let logSum = log(row.map { exp($0) }.reduce(0, +))
            return row.map { $0 - logSum }
        }
        let expected = bruteForce(logProbabilities) { decoder.allowed[$0 * K + $1] }
        #expect(labelled.map(\.labelID) == expected)
        for (t, word) in labelled.enumerated() {
            #expect(abs(Double(word.probability) - exp(logProbabilities[t][word.labelID])) < 1e-5)
        }
    }

    /// A CRF's transition scores join the sum; the reported probability stays the softmax's.
    @Test(arguments: 1...12)
    func viterbiWithTransitionScoresMatchesBruteForce(seed: UInt64) {
        var generator = SeededGenerator(seed: seed + 100)
        let T = 1 + Int(seed % 6), K = Self.labels.count
        let logits = (0..<(T * K)).map { _ in 2 * generator.nextNormal() }
        let transitions = Tensor(shape: [K, K])
        generator.fillNormal(transitions, std: 2)
        let decoder = LabelDecoder(labels: Self.labels, decoding: .bioViterbi, transitionScores: transitions)
        let labelled = logits.withUnsafeBufferPointer { decoder.decode(logits: $0.baseAddress!, words: words(T)[...]) }
        let logProbabilities = (0..<T).map { t -> [Double] in
            let row = logits[(t * K)..<((t + 1) * K)].map(Double.init)
            let logSum = log(row.map { exp($0) }.reduce(0, +))
            return row.map { $0 - logSum }
        }
        let expected = bruteForce(logProbabilities, allowed: { decoder.allowed[$0 * K + $1] },
                                  transition: { Double(transitions[$0 * K + $1]) })
        #expect(labelled.map(\.labelID) == expected)
        for (t, word) in labelled.enumerated() {
            #expect(abs(Double(word.probability) - exp(logProbabilities[t][word.labelID])) < 1e-5)
        }
    }

    @Test func viterbiRepairsWhatArgmaxBreaks() {
        // Word 0 is most likely O (0.5 vs B-PER 0.4); word 1 most likely I-PER. Argmax gives
        // O I-PER (invalid); the best valid sequence is B-PER I-PER (0.4 · 0.9 > 0.5 · best other).
        let probabilities: [[Float]] = [[0.5, 0.4, 0.05, 0.03, 0.02], [0.05, 0.02, 0.9, 0.02, 0.01]]
        let logits = probabilities.flatMap { $0.map { logf($0) } }
        let argmax = LabelDecoder(labels: Self.labels, decoding: .argmax)
        let viterbi = LabelDecoder(labels: Self.labels, decoding: .bioViterbi)
        logits.withUnsafeBufferPointer { pointer in
            #expect(argmax.decode(logits: pointer.baseAddress!, words: words(2)[...]).map(\.labelID) == [0, 2])
            #expect(viterbi.decode(logits: pointer.baseAddress!, words: words(2)[...]).map(\.labelID) == [1, 2])
        }
    }

    @Test func labelsThatAreNotBIOAreDecodedAsArgmax() {
        let labels = ["NOUN", "VERB", "ADJ"]
        var generator = SeededGenerator(seed: 4)
        let logits = (0..<(7 * 3)).map { _ in generator.nextNormal() }
        let argmax = LabelDecoder(labels: labels, decoding: .argmax), viterbi = LabelDecoder(labels: labels, decoding: .bioViterbi)
        logits.withUnsafeBufferPointer { pointer in
            #expect(argmax.decode(logits: pointer.baseAddress!, words: words(7)[...])
                    == viterbi.decode(logits: pointer.baseAddress!, words: words(7)[...]))
        }
    }

    @Test func newConfigsDecodeBIOAndOldConfigFilesArgmax() throws {
        let config = ModelConfig(labels: Self.labels)
        #expect(config.decoding == .bioViterbi)
        #expect(!config.halfPrecisionWordTable)
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as! [String: Any]
        json.removeValue(forKey: "decoding")
        json.removeValue(forKey: "halfPrecisionWordTable")
        let old = try JSONDecoder().decode(ModelConfig.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(old.decoding == .argmax)
        #expect(!old.halfPrecisionWordTable)
        let roundTrip = try JSONDecoder().decode(ModelConfig.self, from: JSONEncoder().encode(config))
        #expect(roundTrip == config)
        // Decoding and the table's storage do not change which weights fit; the width does.
        #expect(old.hasSameWeights(as: config) && config.hasSameWeights(as: old))
        var wider = config
        wider.dModel *= 2
        #expect(!wider.hasSameWeights(as: config))
    }
}
