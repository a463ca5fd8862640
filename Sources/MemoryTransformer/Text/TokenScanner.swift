// The tokenizer's state machine over an array of scalars: dispatch on the class of the
// scalar that starts a word, plus the runs that are not letters (CJK, punctuation, emoji).
// Letter/digit runs live in TokenScanner+WordRun.swift, URLs and e-mails in
// TokenScanner+Links.swift. Grapheme clusters are approximated for emoji only.

/// One pass over one text; collects `words`.
struct TokenScanner {
    let scalars: [Unicode.Scalar]
    let classes: [ScalarClass]
    /// The text's UTF-8 bytes and the byte offset of every scalar (plus the end), so a
    /// word's String is made from a byte slice.
    let utf8: [UInt8]
    let byteOffsets: [Int]
    let baseOffset: Int
    let abbreviations: Set<String>
    var words: [Word] = []
    /// E-mail matching already failed for every start before this index (keeps it linear).
    var emailFailUntil = 0

    init(text: String, baseOffset: Int, abbreviations: Set<String>) {
        scalars = Array(text.unicodeScalars)
        classes = scalars.map(ScalarClass.of)
        utf8 = Array(text.utf8)
        var offsets = [Int](repeating: 0, count: scalars.count + 1)
        var byte = 0
        for (index, scalar) in scalars.enumerated() {
            offsets[index] = byte
            byte += UTF8.width(scalar)
        }
        offsets[scalars.count] = byte
        byteOffsets = offsets
        self.baseOffset = baseOffset
        self.abbreviations = abbreviations
        words.reserveCapacity(scalars.count / 5)
    }

    var count: Int { scalars.count }

    mutating func run() {
        var i = 0
        while i < count {
            switch classes[i] {
            case .space, .format: i += 1
            case .cjk: i = emit(i, extendMarks(i + 1))
            case .letter, .digit, .mark: i = scanWordStart(i)
            case .other: i = scanOtherStart(i)
            }
        }
    }

    /// Appends the word `[start, end)` and returns `end`.
    @discardableResult
    mutating func emit(_ start: Int, _ end: Int) -> Int {
        words.append(Word(text: text(start, end), start: baseOffset + start, end: baseOffset + end))
        return end
    }

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: utf8[byteOffsets[start]..<byteOffsets[end]], as: UTF8.self)
    }

    func extendMarks(_ from: Int) -> Int {
        var j = from
        while j < count && classes[j] == .mark { j += 1 }
        return j
    }

    /// True when no word scalar (letter, digit, mark) sits at `index`.
    func isBoundary(_ index: Int) -> Bool { index >= count || !classes[index].isWordScalar }

    /// A word starting with a letter, digit or mark: keycap emoji, URL, e-mail or word run.
    mutating func scanWordStart(_ i: Int) -> Int {
        if classes[i] == .digit, i + 1 < count, scalars[i + 1] == "\u{FE0F}" || scalars[i + 1] == "\u{20E3}" {
            return emit(i, extendMarks(i + 1))  // keycap: 1️⃣
        }
        if let end = matchURL(i) { return emit(i, end) }
        if i >= emailFailUntil, let end = matchEmail(i) { return emit(i, end) }
        return scanWordRun(i)
    }

    /// A word starting with punctuation, a symbol or an emoji.
    mutating func scanOtherStart(_ i: Int) -> Int {
        let s = scalars[i]
        if s == "." || s == "-" {  // "..." and "--" stay together; a single "-" is its own word
            var j = i + 1
            while j < count && scalars[j] == s { j += 1 }
            return emit(i, extendMarks(j))
        }
        if ScalarTest.isApostrophe(s), let length = cliticLength(at: i) {
            return emit(i, i + length)  // "'s" already split off by the input
        }
        return emit(i, extendSymbol(i))
    }

    /// End of the symbol or emoji sequence starting at `i`: flags pair regional indicators;
    /// marks (incl. VS16, keycap), skin tones, tags and ZWJ + emoji extend it.
    func extendSymbol(_ i: Int) -> Int {
        let base = scalars[i]
        var j = i + 1
        if ScalarTest.isRegionalIndicator(base) {
            if j < count && ScalarTest.isRegionalIndicator(scalars[j]) { j += 1 }
            return extendMarks(j)
        }
        let emoji = ScalarTest.isEmoji(base)
        while j < count {
            let s = scalars[j]
            if classes[j] == .mark {
                j += 1
            } else if emoji && (ScalarTest.isSkinTone(s) || ScalarTest.isTag(s)) {
                j += 1
            } else if emoji && s == "\u{200D}" && j + 1 < count && ScalarTest.isEmoji(scalars[j + 1]) {
                j += 2
            } else {
                break
            }
        }
        return j
    }
}
