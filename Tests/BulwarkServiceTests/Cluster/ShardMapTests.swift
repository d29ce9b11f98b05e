import Testing
@testable import BulwarkService

@Suite struct ShardMapTests {
    /// The published FNV-1a 64-bit test vectors: the same on every machine and in every process.
    @Test func hashesAreFNV1a() {
        #expect(ShardMap.fnv1a("") == 0xCBF2_9CE4_8422_2325)
        #expect(ShardMap.fnv1a("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(ShardMap.fnv1a("foobar") == 0x8594_4171_F739_67E8)
    }

    @Test func accountsSpreadOverEveryShard() {
        let map = ShardMap(shardCount: 64)
        #expect(map.shard(of: "foobar") == Int(UInt64(0x8594_4171_F739_67E8) % 64))
        var counts = Array(repeating: 0, count: 64)
        for index in 0..<64_000 { counts[map.shard(of: "acct-\(index)")] += 1 }
        // About 1,000 each: none far off.
        #expect(counts.allSatisfy { (850...1_150).contains($0) }, "\(counts.min()!)...\(counts.max()!)")
    }
}
