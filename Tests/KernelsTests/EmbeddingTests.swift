// Embedding lookup and the hashed n-gram bag: forward against naive twins, backward
// against finite differences (only the rows a word touches get a gradient).
import Testing
@testable import Kernels
import KernelsTestSupport

@Suite struct EmbeddingTests {
    let V = 6, C = 4

    @Test func lookupForwardAndBackward() {
        let ids: [Int32] = [3, 0, 3, 5]
        let table = randomValues(V * C, seed: 1), probe = randomValues(ids.count * C, seed: 2).doubles
        let tableT = tensor(table, [V, C]), out = Tensor(shape: [ids.count, C]), dTable = Tensor(shape: [V, C])
        ids.withUnsafeBufferPointer { idp in
            embeddingForward(out: out.pointer, ids: idp.baseAddress!, table: tableT.pointer, T: ids.count, C: C)
            let probeT = tensor(probe.map(Float.init), [ids.count, C])
            embeddingBackward(dTable: dTable.pointer, dOut: probeT.pointer,
                              ids: idp.baseAddress!, T: ids.count, C: C)
        }
        #expect(relativeError(out.values, NaiveKernels.embedding(ids: ids, table: table.doubles, C: C)) < 1e-7)
        let numerical = numericalGradient(table.doubles) { dot(NaiveKernels.embedding(ids: ids, table: $0, C: C), probe) }
        #expect(relativeError(dTable.values, numerical) < 1e-5)
        #expect((C..<(3 * C)).allSatisfy { dTable[$0] == 0 }, "untouched rows 1 and 2 stay zero")
    }

    @Test func bagForwardAndBackward() {
        let offsets: [Int32] = [0, 3, 3, 5]  // word 1 has no buckets
        let buckets: [Int32] = [1, 4, 1, 2, 5]
        let T = offsets.count - 1
        let table = randomValues(V * C, seed: 3), probe = randomValues(T * C, seed: 4).doubles
        let tableT = tensor(table, [V, C]), out = Tensor(shape: [T, C]), dTable = Tensor(shape: [V, C])
        offsets.withUnsafeBufferPointer { o in
            buckets.withUnsafeBufferPointer { b in
                embeddingBagForward(out: out.pointer, offsets: o.baseAddress!, buckets: b.baseAddress!,
                                    table: tableT.pointer, T: T, C: C)
                let probeT = tensor(probe.map(Float.init), [T, C])
                embeddingBagBackward(dTable: dTable.pointer, dOut: probeT.pointer,
                                     offsets: o.baseAddress!, buckets: b.baseAddress!, T: T, C: C)
            }
        }
        #expect(relativeError(out.values, NaiveKernels.embeddingBag(offsets: offsets, buckets: buckets, table: table.doubles, C: C)) < 1e-6)
        #expect((C..<(2 * C)).allSatisfy { out[$0] == 0 }, "a word without buckets embeds to zero")
        let numerical = numericalGradient(table.doubles) { dot(NaiveKernels.embeddingBag(offsets: offsets, buckets: buckets, table: $0, C: C), probe) }
        #expect(relativeError(dTable.values, numerical) < 1e-5)
    }
}
