// AdamW, clipping, the schedule and the seeded generator.
import Foundation
import Testing
@testable import Kernels

@Suite struct OptimizerTests {
    @Test func adamWFirstStepMatchesHandComputation() {
        let w = tensor([1, -2], [2]), g = tensor([0.5, -0.25], [2])
        var config = AdamWConfig()
        config.weightDecay = 0.1
        let optimizer = AdamW(parameters: [TrainableParameter(value: w, gradient: g, decays: true)], config: config)
        optimizer.update(learningRate: 0.01)
        // Step 1: m̂ = g, v̂ = g², so the update is lr · (sign(g) + wd · w) (eps negligible).
        #expect(abs(w[0] - (1 - 0.01 * (1 + 0.1 * 1))) < 1e-6)
        #expect(abs(w[1] - (-2 - 0.01 * (-1 + 0.1 * -2))) < 1e-6)
    }

    @Test func adamWMinimisesAQuadratic() {
        let w = tensor([3, -4], [2]), g = Tensor(shape: [2])
        let optimizer = AdamW(parameters: [TrainableParameter(value: w, gradient: g, decays: false)])
        for _ in 0..<500 {
            optimizer.zeroGradients()
            for i in 0..<2 { g[i] = 2 * w[i] }  // d/dw of |w|²
            optimizer.update(learningRate: 0.05)
        }
        #expect(abs(w[0]) < 0.05 && abs(w[1]) < 0.05, "w = \(w.values)")
    }

    @Test func clippingScalesToMaxNorm() {
        let g = tensor([3, 4], [2])
        let parameter = TrainableParameter(value: Tensor(shape: [2]), gradient: g, decays: false)
        let norm = clipGradientNorm([parameter], maxNorm: 1)
        #expect(abs(norm - 5) < 1e-6)
        #expect(abs(g[0] - 0.6) < 1e-6 && abs(g[1] - 0.8) < 1e-6)
    }

    @Test func scheduleWarmsUpThenDecays() {
        let schedule = LearningRateSchedule(peak: 1, warmupSteps: 10, totalSteps: 110, finalFraction: 0.1)
        #expect(abs(schedule.rate(at: 5) - 0.5) < 1e-6)
        #expect(abs(schedule.rate(at: 10) - 1) < 1e-6)
        #expect(abs(schedule.rate(at: 60) - 0.55) < 1e-6)
        #expect(abs(schedule.rate(at: 110) - 0.1) < 1e-6)
        #expect(schedule.rate(at: 500) == schedule.rate(at: 110))
    }

    @Test func generatorIsReproducible() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
        let normals = (0..<20_000).map { _ in a.nextNormal() }
        let mean = normals.reduce(0, +) / Float(normals.count)
        let variance = normals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(normals.count)
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
    }

    /// Skipping idle rows (no decay, gradient and moments all 0) is exact: bit-for-bit the
    /// update of a naive AdamW that visits every element, over steps where rows come and go.
    @Test func skippingIdleRowsChangesNothing() {
        let rows = 6, width = 3
        var generator = SeededGenerator(seed: 8)
        let start = (0..<(rows * width)).map { _ in generator.nextNormal() }
        let w = tensor(start, [rows, width]), g = Tensor(shape: [rows, width])
        let optimizer = AdamW(parameters: [TrainableParameter(value: w, gradient: g, decays: false)])
        var naiveW = start
        var m = [Float](repeating: 0, count: rows * width), v = m
        let config = AdamWConfig()
        for step in 1...5 {
            optimizer.zeroGradients()
            // Row 0 never gets a gradient; row 1 only at step 1 (its moments then stay non-zero);
            // the others at every step.
            for r in 0..<rows where r >= 2 || (r == 1 && step == 1) {
                for c in 0..<width { g[r * width + c] = generator.nextNormal() }
            }
            let gradient = g.values
            optimizer.update(learningRate: 0.01)
            let c1 = 1 - powf(config.beta1, Float(step)), c2 = 1 - powf(config.beta2, Float(step))
            for i in 0..<(rows * width) {
                m[i] = config.beta1 * m[i] + (1 - config.beta1) * gradient[i]
                v[i] = config.beta2 * v[i] + (1 - config.beta2) * gradient[i] * gradient[i]
                naiveW[i] -= 0.01 * ((m[i] / c1) / ((v[i] / c2).squareRoot() + config.epsilon))
            }
        }
        #expect(w.values == naiveW)
        #expect(Array(w.values[0..<width]) == Array(start[0..<width]), "the idle row did not move")
        #expect(Array(w.values[width..<(2 * width)]) != Array(start[width..<(2 * width)]), "row 1 kept moving on its momentum")
    }
}
