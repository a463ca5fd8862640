// The public tokenizer: raw text → words with scalar offsets, and pre-split words → words.
// The rules (CoNLL-2003 / Penn Treebank style) are in docs/TOKENIZER.md and implemented by
// TokenScanner; this file holds only the entry points. No sentence splitting, no
// normalisation: word texts are exact substrings of the input.

/// Splits documents into words the way CoNLL-2003 English was tokenized, as closely as
/// deterministic rules allow. See docs/TOKENIZER.md for the exact rules.
public struct Tokenizer: Sendable {
    /// Abbreviations (without their final period) that keep a following period, e.g. "Mr.".
    /// Matched case-sensitively against the whole word.
    public var abbreviations: Set<String>

    /// The default abbreviation list: titles, company suffixes, months, US states as Reuters
    /// writes them.
    public static let defaultAbbreviations: Set<String> = [
        "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Gov", "Sen", "Rep", "Lt",
        "Col", "Capt", "Sgt", "Cpl", "Adm", "Maj", "Rev", "Hon", "Mt", "Ft",
        "Inc", "Corp", "Co", "Ltd", "Bros", "Plc", "vs", "etc", "approx",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan",
        "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla",
        "Ore", "Pa", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
    ]

    /// Creates a tokenizer with the given abbreviation list.
    public init(abbreviations: Set<String> = Tokenizer.defaultAbbreviations) {
        self.abbreviations = abbreviations
    }

    /// Splits `text` into words. Offsets are Unicode-scalar offsets into `text`, shifted by
    /// `baseOffset` (pass the offset of `text` inside a larger document).
    /// Runs in time linear in the number of scalars.
    public func tokenize(_ text: String, baseOffset: Int = 0) -> [Word] {
        var scanner = TokenScanner(text: text, baseOffset: baseOffset, abbreviations: abbreviations)
        scanner.run()
        return scanner.words
    }

    /// Wraps already split words, computing offsets as if they were joined with single
    /// spaces. Throws `TokenizerError` for an empty word or one containing whitespace.
    public func tokenize(words: [String]) throws -> [Word] {
        var result: [Word] = []
        result.reserveCapacity(words.count)
        var offset = 0
        for (index, text) in words.enumerated() {
            var length = 0
            for scalar in text.unicodeScalars {
                if scalar.properties.isWhitespace {
                    throw TokenizerError.whitespaceInWord(index: index, word: text)
                }
                length += 1
            }
            if length == 0 { throw TokenizerError.emptyWord(index: index) }
            result.append(Word(text: text, start: offset, end: offset + length))
            offset += length + 1
        }
        return result
    }
}
