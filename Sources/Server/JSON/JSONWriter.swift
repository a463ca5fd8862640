// Writes JSON straight into a response buffer, byte for byte what the API's JSONEncoder
// writes (sorted keys chosen by the caller, slashes unescaped, UTF-8 as is, control
// characters escaped, floats in their shortest round-trip form without a trailing ".0").
// The label route's answer (one object per word) is the service's hottest output: the
// encoder's reflection, key conversion and key sorting cost more than the model did.
import NIOCore

/// An append-only JSON writer over a ByteBuffer.
struct JSONWriter {
    private(set) var buffer: ByteBuffer

    /// A writer with room for about `capacity` bytes.
    init(capacity: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Bytes written as they are: punctuation and keys, e.g. `{"end":`.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { _ = buffer.writeBytes($0) }
    }

    /// A JSON string: quoted, with `"`, `\` and control characters escaped.
    mutating func string(_ value: some StringProtocol) {
        buffer.writeInteger(UInt8(ascii: "\""))
        let utf8 = value.utf8
        if !utf8.contains(where: Self.needsEscape) {
            buffer.writeBytes(utf8)
        } else {
            for byte in utf8 { escape(byte) }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    mutating func int(_ value: Int) {
        buffer.writeString(String(value))
    }

    /// The shortest decimal that reads back as `value`, as JSONEncoder writes it ("1", not "1.0").
    mutating func float(_ value: Float) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        buffer.writeString(text)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): raw(#"\""#)
        case UInt8(ascii: "\\"): raw(#"\\"#)
        case 0x08: raw(#"\b"#)
        case 0x0C: raw(#"\f"#)
        case 0x0A: raw(#"\n"#)
        case 0x0D: raw(#"\r"#)
        case 0x09: raw(#"\t"#)
        case ..<0x20:
            raw(#"\u00"#)
            buffer.writeInteger(Self.hexDigits[Int(byte >> 4)])
            buffer.writeInteger(Self.hexDigits[Int(byte & 0xF)])
        default:
            buffer.writeInteger(byte)
        }
    }
}
