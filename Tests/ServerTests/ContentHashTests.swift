// The content hash a receipt keeps (it tells a true replay from a conflicting chunk, and
// durable stores persist it): pinned to FNV-1a 64 of the parts joined with unit separators,
// so a change of its computation cannot silently turn stored replays into 409s.
import MemoryTransformer
@testable import Server
import Testing

@Suite struct ContentHashTests {
    @Test func isFNV1aOfThePartsEachFollowedByAUnitSeparator() {
        #expect(ContentHash.of(["t", "EU rejects German call ."]) == 0xc858_596f_6874_1033)
        #expect(ContentHash.of(["w", "EU", "rejects"]) == 0xa321_7c60_b04c_00e7)
        #expect(ContentHash.of([]) == FNV1a.offsetBasis)
        for parts in [["w", "Straße", "中国", "🙂"], ["t", ""], ["t", "a\u{1f}b"]] {
            let joined: [UInt8] = parts.flatMap { Array($0.utf8) + [0x1f] }
            #expect(ContentHash.of(parts) == FNV1a.hash(joined[...]))
        }
    }
}
