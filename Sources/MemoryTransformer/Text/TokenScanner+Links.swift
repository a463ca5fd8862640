// URLs (http://, https://, ftp://, www.) and e-mail addresses as single words. Matching is
// syntactic and permissive (no validation of hosts or TLDs); both scans are linear overall.

extension TokenScanner {
    private static let urlPrefixes: [[UInt32]] = ["https://", "http://", "ftp://", "www."].map {
        $0.unicodeScalars.map(\.value)
    }

    /// End of a URL starting at `i`, or nil. A URL runs to whitespace, `"`, `<` or `>`;
    /// trailing sentence punctuation and unbalanced closing brackets are left out.
    func matchURL(_ i: Int) -> Int? {
        let first = ScalarTest.asciiLower(scalars[i])
        guard first == 0x68 || first == 0x66 || first == 0x77 else { return nil }  // h f w
        var prefixLength = 0
        for prefix in Self.urlPrefixes where i + prefix.count < count {
            if prefix.indices.allSatisfy({ ScalarTest.asciiLower(scalars[i + $0]) == prefix[$0] }) {
                prefixLength = prefix.count
                break
            }
        }
        guard prefixLength > 0, classes[i + prefixLength].isWordScalar else { return nil }
        var j = i + prefixLength
        var opened = [Int32](repeating: 0, count: 3)  // ( [ {
        while j < count {
            let s = scalars[j]
            if classes[j] == .space || classes[j] == .format || s == "\"" || s == "<" || s == ">" { break }
            switch s {
            case "(": opened[0] += 1
            case ")": opened[0] -= 1
            case "[": opened[1] += 1
            case "]": opened[1] -= 1
            case "{": opened[2] += 1
            case "}": opened[2] -= 1
            default: break
            }
            j += 1
        }
        let minimumEnd = i + prefixLength
        trim: while j > minimumEnd {
            switch scalars[j - 1] {
            case ".", ",", ";", ":", "!", "?", "'", "\u{2019}", "\u{201D}": j -= 1
            case ")" where opened[0] < 0: opened[0] += 1; j -= 1
            case "]" where opened[1] < 0: opened[1] += 1; j -= 1
            case "}" where opened[2] < 0: opened[2] += 1; j -= 1
            default: break trim
            }
        }
        return j > minimumEnd ? j : nil
    }

    /// End of an e-mail address starting at `i` (local part of letters, digits and `._%+-`,
    /// `@`, a dotted domain ending in a letter or digit), or nil.
    mutating func matchEmail(_ i: Int) -> Int? {
        func isLocal(_ k: Int) -> Bool {
            if classes[k].isWordScalar { return true }
            let s = scalars[k]
            return s == "." || s == "_" || s == "%" || s == "+" || s == "-"
        }
        var at = i
        while at < count && isLocal(at) { at += 1 }
        guard at < count, scalars[at] == "@", scalars[at - 1] != "." else {
            emailFailUntil = at
            return nil
        }
        var end = at + 1
        while end < count && (classes[end].isWordScalar || scalars[end] == "." || scalars[end] == "-") { end += 1 }
        while end > at + 1 && (scalars[end - 1] == "." || scalars[end - 1] == "-") { end -= 1 }
        let hasInnerDot = end > at + 1 && classes[at + 1].isWordScalar
            && ((at + 2)..<end).contains { scalars[$0] == "." }
        guard hasInnerDot else {
            emailFailUntil = at
            return nil
        }
        return end
    }
}
