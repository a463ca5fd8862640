// The shape of a word (capitalisation, digits, punctuation): a small categorical feature
// that carries the strongest surface cue for NER. Computed on the original-case word.

/// Surface class of a word, checked in the order listed in `init(of:)`.
public enum WordShape: Int, CaseIterable, Sendable, Codable {
    /// Cased letters, all lowercase: "house", "well-known".
    case lowercase = 0
    /// First cased letter uppercase, some lowercase later: "London", "McDonald", "Franco-German".
    case capitalised
    /// At least two cased letters, all uppercase: "NATO", "U.S.".
    case allCaps
    /// Exactly one cased letter, uppercase: "A", "J.".
    case initial
    /// First cased letter lowercase, some uppercase later: "iPhone", "eBay".
    case mixedCase
    /// Letters without case (CJK, Arabic, Devanagari, Hebrew, Thai...).
    case uncased
    /// Digits with at most number punctuation (. , : / - and Arabic ٫ ٬): "1996", "3.14", "1,000", "3-1".
    case numeric
    /// Letters and digits together, or digits with other symbols: "F-16", "1990s", "3rd".
    case containsDigit
    /// Only punctuation (Unicode P*): ",", "(", "...", "--", "%" (Po in Unicode).
    case punctuation
    /// Only symbols or emoji (S*, marks): "$", "+", "😀".
    case symbol
    /// Starts with http://, https://, ftp:// or www.
    case url
    /// Contains "@", a letter or digit somewhere, and a "." after the first "@" ("@x.y"
    /// counts; "x@y" does not). docs/MODEL.md lists the rules in the order they are tried.
    case email
    /// Anything else, including the empty string.
    case other

    /// Number of shapes (rows of the shape embedding table).
    public static let count = allCases.count

    /// The shape of `word` (original case).
    public init(of word: String) {
        var upper = 0, lower = 0, uncased = 0, digits = 0, numberPunct = 0, punct = 0, symbols = 0, others = 0
        var firstCasedIsUpper: Bool?
        var at = false
        for s in word.unicodeScalars {
            let p = s.properties
            if ScalarTest.isUpper(s) {
                upper += 1
                if firstCasedIsUpper == nil { firstCasedIsUpper = true }
            } else if ScalarTest.isLower(s) {
                lower += 1
                if firstCasedIsUpper == nil { firstCasedIsUpper = false }
            } else if p.numericType == .decimal {
                digits += 1
            } else if p.isAlphabetic || p.generalCategory == .otherLetter || p.generalCategory == .modifierLetter {
                uncased += 1
            } else if ".,:/-\u{066B}\u{066C}".unicodeScalars.contains(s) {
                numberPunct += 1
                punct += 1
            } else {
                if s == "@" { at = true }
                switch p.generalCategory {
                case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                     .initialPunctuation, .finalPunctuation, .otherPunctuation:
                    punct += 1
                case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol,
                     .nonspacingMark, .spacingMark, .enclosingMark, .format:
                    symbols += 1
                default:
                    others += 1
                }
            }
        }
        let letters = upper + lower + uncased
        let lowered = word.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("ftp://")
            || (lowered.hasPrefix("www.") && lowered.count > 4) {
            self = .url
        } else if at, letters + digits > 0, let atIndex = word.firstIndex(of: "@"),
                  word[word.index(after: atIndex)...].contains(".") {
            self = .email
        } else if letters == 0 {
            if digits > 0 {
                self = punct == numberPunct && symbols == 0 && others == 0 ? .numeric : .containsDigit
            } else if word.isEmpty || others > 0 {
                self = .other
            } else {
                self = symbols == 0 ? .punctuation : (punct == 0 ? .symbol : .other)
            }
        } else if digits > 0 {
            self = .containsDigit
        } else if upper + lower == 0 {
            self = .uncased
        } else if lower == 0 {
            self = upper == 1 ? .initial : .allCaps
        } else if upper == 0 {
            self = .lowercase
        } else {
            self = firstCasedIsUpper == true ? .capitalised : .mixedCase
        }
    }
}
