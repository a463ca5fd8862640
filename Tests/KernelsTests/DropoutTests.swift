// Inverted dropout: the mask's law (rate zeros, kept units scaled by 1 / (1 − p), mean 1),
// forward against a naive twin, backward against finite differences for a fixed mask.
import Testing
@testable import Kernels
import KernelsTestSupport

@Suite struct DropoutTests {
    @Test(arguments: [Float(0.1), 0.3, 0.5])
    func maskDropsAboutRateAndKeepsTheMean(rate: Float) {
        var generator = SeededGenerator(seed: 9)
        let mask = dropoutMask(rate: rate, count: 100_000, generator: &generator)
        let kept = 1 / (1 - rate)
        #expect(mask.allSatisfy { $0 == 0 || $0 == kept })
        let dropped = Double(mask.filter { $0 == 0 }.count) / Double(mask.count)
        #expect(abs(dropped - Double(rate)) < 0.01, "dropped \(dropped)")
        let mean = mask.reduce(0.0) { $0 + Double($1) } / Double(mask.count)
        #expect(abs(mean - 1) < 0.02, "mean \(mean)")
    }

    @Test func rateZeroKeepsEverythingAndDrawsNothing() {
        var generator = SeededGenerator(seed: 3), untouched = SeededGenerator(seed: 3)
        #expect(dropoutMask(rate: 0, count: 50, generator: &generator) == [Float](repeating: 1, count: 50))
        #expect(generator.next() == untouched.next())
    }

    @Test func forwardAndBackwardForAFixedMask() {
        let N = 16
        var generator = SeededGenerator(seed: 5)
        let mask = dropoutMask(rate: 0.4, count: N, generator: &generator)
        #expect(mask.contains(0) && mask.contains { $0 > 1 })
        let x = randomValues(N, seed: 1), probe = randomValues(N, seed: 2).doubles
        let xT = tensor(x, [N]), maskT = tensor(mask, [N]), out = Tensor(shape: [N]), dX = Tensor(shape: [N])
        dropoutForward(out: out.pointer, inp: xT.pointer, mask: maskT.pointer, N: N)
        let naive = zip(x, mask).map { Double($0) * Double($1) }
        #expect(relativeError(out.values, naive) < 1e-6)
        let probeT = tensor(probe.map(Float.init), [N])
        dropoutBackward(dInp: dX.pointer, dOut: probeT.pointer, mask: maskT.pointer, N: N)
        let numerical = numericalGradient(x.doubles) { values in dot(zip(values, mask).map { $0 * Double($1) }, probe) }
        #expect(relativeError(dX.values, numerical) < 1e-4)
    }
}
