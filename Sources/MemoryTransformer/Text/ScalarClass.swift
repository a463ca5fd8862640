// The coarse class of one Unicode scalar, the only property the tokenizer's state machine
// looks at besides a few literal characters. ASCII goes through a table; the rest asks
// Unicode properties once per scalar. Grapheme segmentation is not done here.

/// What the tokenizer needs to know about a scalar.
enum ScalarClass: UInt8, Sendable {
    /// White_Space, control characters (Cc) and U+200B ZERO WIDTH SPACE: separate words.
    case space
    /// Format characters (Cf): kept inside a letter run, dropped between words.
    case format
    /// Combining marks (Mn, Mc, Me), incl. variation selectors and U+20E3 keycap.
    case mark
    /// Letters of scripts written with spaces, plus Nl and No numbers.
    case letter
    /// Decimal digits (Nd) of any script.
    case digit
    /// Han ideographs, Hiragana and Katakana: one word per character.
    case cjk
    /// Punctuation, symbols, emoji and anything else.
    case other

    /// Letter, digit or mark: the scalars a word run is made of.
    var isWordScalar: Bool { self == .letter || self == .digit || self == .mark }

    /// The class of `scalar`: a table lookup in the Basic Multilingual Plane.
    static func of(_ scalar: Unicode.Scalar) -> ScalarClass {
        let v = scalar.value
        return v < 0x10000 ? bmpTable[Int(v)] : computed(scalar)
    }

    /// Classes of U+0000–U+FFFF, computed once (64 KiB) on first use.
    private static let bmpTable: [ScalarClass] = (0..<0x10000).map { v in
        Unicode.Scalar(UInt32(v)).map(computed) ?? .other  // surrogates never occur in a String
    }

    /// The class of `scalar` from its Unicode properties.
    static func computed(_ scalar: Unicode.Scalar) -> ScalarClass {
        let v = scalar.value
        if v < 0x80 { return asciiTable[Int(v)] }
        if v == 0x200B { return .space }
        let properties = scalar.properties
        if properties.isWhitespace { return .space }
        switch properties.generalCategory {
        case .control: return .space
        case .format: return .format
        case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
        case .decimalNumber: return .digit
        case .otherNumber, .letterNumber: return .letter
        default: break
        }
        if properties.isIdeographic || (0x3040...0x30FF).contains(v) || (0x31F0...0x31FF).contains(v)
            || (0xFF66...0xFF9F).contains(v) {
            return .cjk
        }
        return properties.isAlphabetic ? .letter : .other
    }

    private static let asciiTable: [ScalarClass] = (0..<128).map { v in
        switch v {
        case 0..<32, 127: .space  // controls incl. \t \n \r: all separators
        case 32: .space
        case 48...57: .digit
        case 65...90, 97...122: .letter
        default: .other
        }
    }
}

/// Small predicates on scalar values used by the tokenizer rules.
enum ScalarTest {
    static func isUpper(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? (65...90).contains(s.value) : s.properties.isUppercase
    }

    static func isLower(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? (97...122).contains(s.value) : s.properties.isLowercase
    }

    static func isApostrophe(_ s: Unicode.Scalar) -> Bool { s == "'" || s == "\u{2019}" }

    static func isRegionalIndicator(_ s: Unicode.Scalar) -> Bool { (0x1F1E6...0x1F1FF).contains(s.value) }

    static func isSkinTone(_ s: Unicode.Scalar) -> Bool { (0x1F3FB...0x1F3FF).contains(s.value) }

    static func isTag(_ s: Unicode.Scalar) -> Bool { (0xE0020...0xE007F).contains(s.value) }

    /// A non-ASCII emoji scalar (ASCII digits, # and * are Emoji but only as keycap bases).
    static func isEmoji(_ s: Unicode.Scalar) -> Bool { s.value >= 0x80 && s.properties.isEmoji }

    /// ASCII-only lowercase, for matching URL schemes.
    static func asciiLower(_ s: Unicode.Scalar) -> UInt32 {
        (65...90).contains(s.value) ? s.value + 32 : s.value
    }
}
