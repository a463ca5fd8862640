// Letter/digit runs: where a punctuation mark joins two parts of one word (3.14, 1,000,
// U.S., well-known, O'Neill, AT&T) and where it splits (PTB clitics: Germany 's, do n't).
// URLs, e-mails and emoji are handled elsewhere; no dictionary beyond the abbreviations.

extension TokenScanner {
    /// Scans the word run starting at `i`, emits one or two words, returns the next index.
    mutating func scanWordRun(_ i: Int) -> Int {
        var j = i
        var lastBase = -1          // last letter or digit of the run
        var segmentLetters = 0     // letters since the last joined period
        var longestSegment = 0
        var joinedPeriods = 0
        var lettersAndPeriodsOnly = true

        runLoop: while true {
            segment: while j < count {
                switch classes[j] {
                case .letter: lastBase = j; segmentLetters += 1; j += 1
                case .digit: lastBase = j; lettersAndPeriodsOnly = false; j += 1
                case .mark: j += 1
                case .format where j + 1 < count && classes[j + 1].isWordScalar: j += 1
                default: break segment
                }
            }
            longestSegment = max(longestSegment, segmentLetters)
            guard j + 1 < count, lastBase >= 0 else { break runLoop }
            let s = scalars[j]
            let previous = scalars[lastBase], before = classes[lastBase]
            let next = scalars[j + 1], after = classes[j + 1]
            let joins: Bool
            switch s {
            case "'", "\u{2019}":
                if let length = cliticLength(at: j) {  // Germany's → Germany 's
                    emit(i, j)
                    return emit(j, j + length)
                }
                if lastBase == j - 1, previous == "n" || previous == "N", next == "t" || next == "T",
                   isBoundary(j + 2) {  // don't → do n't; a lone "n't" stays whole
                    if j - 1 > i { emit(i, j - 1) }
                    return emit(j - 1, j + 2)
                }
                joins = before == .letter && after == .letter  // O'Neill
            case "\u{066B}", "\u{066C}":  // Arabic decimal and thousands separators
                joins = before == .digit && after == .digit
            case ".":
                if before == .digit && after == .digit {
                    joins = true  // 3.14, 1.000.000, v1.2
                } else if before == .letter && after == .letter {
                    // U.S, e.g, Ph.D, reuters.com join; "end.Next" (lower, ≥3 letters, upper) splits.
                    joins = !(ScalarTest.isLower(previous) && ScalarTest.isUpper(next) && segmentLetters >= 3)
                    if joins { joinedPeriods += 1; segmentLetters = 0; j += 1; continue runLoop }
                } else {
                    joins = false
                }
            case ",", ":", "/":
                joins = before == .digit && after == .digit  // 1,000  10:30  1/2
            case "-", "\u{2010}", "\u{2011}":
                joins = after == .letter || after == .digit  // well-known, F-16, 3-1
            case "&":
                joins = ScalarTest.isUpper(previous) && ScalarTest.isUpper(next)  // AT&T, S&P
            default:
                joins = false
            }
            guard joins else { break runLoop }
            lettersAndPeriodsOnly = false
            j += 1
        }

        if j < count, scalars[j] == ".", lettersAndPeriodsOnly, lastBase >= 0,
           !(j + 1 < count && scalars[j + 1] == ".") {
            let initialism = joinedPeriods > 0 && longestSegment <= 2              // U.S.  e.g.  Ph.D.
            let initial = joinedPeriods == 0 && segmentLetters == 1 && ScalarTest.isUpper(scalars[lastBase])  // J.
            if initialism || initial || abbreviations.contains(text(i, j)) {
                j += 1
            }
        }
        return emit(i, j)
    }

    /// Length of a PTB clitic ('s 'm 'd 're 've 'll, any case) starting with the apostrophe
    /// at `index` and followed by a word boundary; nil otherwise.
    func cliticLength(at index: Int) -> Int? {
        func lower(_ k: Int) -> UInt32 { k < count ? ScalarTest.asciiLower(scalars[k]) : 0 }
        let first = lower(index + 1)
        if first == 0x73 || first == 0x6D || first == 0x64 {  // s m d
            return isBoundary(index + 2) ? 2 : nil
        }
        let second = lower(index + 2)
        let pair = (first == 0x72 && second == 0x65) || (first == 0x76 && second == 0x65)  // re ve
            || (first == 0x6C && second == 0x6C)  // ll
        return pair && isBoundary(index + 3) ? 3 : nil
    }
}
