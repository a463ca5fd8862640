// JSONWriter's pieces against what JSONEncoder writes for the same values: integers at the
// edges and strings that need escaping, as String and as Substring.
import Foundation
import NIOCore
@testable import Server
import Testing

@Suite struct JSONWriterTests {
    @Test(arguments: [0, 7, 10, 99, 100, -1, -10, 123_456_789, Int.max, Int.min])
    func integersAreWrittenAsJSONEncoderWritesThem(value: Int) throws {
        var writer = JSONWriter(capacity: 8)
        writer.int(value)
        #expect(String(buffer: writer.buffer) == String(decoding: try JSONEncoder().encode(value), as: UTF8.self))
    }

    @Test(arguments: ["", "Berlin", "a\"b", "back\\slash", "tab\there", "\u{1}\u{1f}", "Straße 中国 🙂", "a/b"])
    func stringsAreEscapedAsJSONEncoderEscapesThem(value: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let expected = String(decoding: try encoder.encode(value), as: UTF8.self)
        var whole = JSONWriter(capacity: 8)
        whole.string(value)
        #expect(String(buffer: whole.buffer) == expected)
        var sliced = JSONWriter(capacity: 8)
        sliced.string(("<" + value + ">").dropFirst().dropLast())
        #expect(String(buffer: sliced.buffer) == expected)
    }
}
