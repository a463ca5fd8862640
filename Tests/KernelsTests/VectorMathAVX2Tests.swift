// The dispatched inference kernels (VectorMath+AVX2.swift: the AVX2+FMA C twins when the CPU
// has them) beyond VectorMathTests, which holds them to the naive twins: extreme logits,
// GELU in place, agreement with the portable Swift kernels (FMA rounding only), and that
// the dispatch follows the CPU's flags.
import Foundation
import Testing
@testable import Kernels

@Suite struct VectorMathAVX2Tests {
    @Test func softmaxHandlesExtremeLogits() {
        // Exps that underflow apart from the two largest logits: the clamp keeps them finite.
        let x: [Float] = [-1000, 0, -200, 50, -90, 3, -1e30, 49, 12]
        let p = tensor(x, [1, x.count])
        softmaxRowsFast(p.pointer, rows: 1, n: x.count)
        #expect(abs(p.values.reduce(0, +) - 1) < 1e-6 && p.values.allSatisfy { $0.isFinite && $0 >= 0 })
        #expect(abs(p.values[3] - 1 / (1 + Float(Foundation.exp(-1.0)))) < 1e-6)
    }

    @Test(.enabled(if: usesAVX2Kernels, "the fast kernels are the portable ones here (no AVX2 and FMA, or MEMTX_PORTABLE_KERNELS=1)"))
    func fastAgreesWithPortable() {
        let x = randomValues(4 * 97, seed: 3, std: 4), fast = tensor(x, [4, 97]), portable = tensor(x, [4, 97])
        softmaxRowsFast(fast.pointer, rows: 4, n: 97)
        softmaxRowsVectorised(portable.pointer, rows: 4, n: 97)
        #expect(relativeError(fast.values, portable.values.doubles) < 1e-6)
        geluForwardFast(out: fast.pointer, inp: fast.pointer, N: x.count)  // in place
        geluForwardVectorised(out: portable.pointer, inp: portable.pointer, N: x.count)
        #expect(relativeError(fast.values, portable.values.doubles) < 1e-6)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["MEMTX_PORTABLE_KERNELS"] != "1",
                   "MEMTX_PORTABLE_KERNELS=1 forces the portable kernels whatever the CPU"))
    func dispatchFollowsTheCPU() throws {
        // On x86-64 Linux the C kernels run exactly when /proc/cpuinfo lists avx2 and fma.
        let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set((info.split(separator: "\n").first { $0.hasPrefix("flags") } ?? "").split(separator: " ").map(String.init))
        #if arch(x86_64)
        #expect(usesAVX2Kernels == (flags.contains("avx2") && flags.contains("fma")))
        #endif
    }
}
