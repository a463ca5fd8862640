// The word vocabulary: an ordered list of normalised words with ids, built from counts,
// stored as a text file (one word per line). Characters beyond the vocabulary are the
// n-gram featurizer's job, not this file's.

/// Maps normalised words to embedding rows. Id 0 is `<pad>`, id 1 is `<unk>`; the rest
/// follow in list order. Words are stored normalised (see `normalise(_:)`).
public struct Vocabulary: Codable, Sendable {
    /// Padding word, id 0.
    public static let pad = "<pad>"
    /// Unknown word, id 1.
    public static let unknown = "<unk>"
    public static let padID: Int32 = 0
    public static let unknownID: Int32 = 1

    /// All words in id order, including `<pad>` and `<unk>`.
    public private(set) var words: [String]
    private var ids: [String: Int32]

    /// Number of ids (rows of the embedding table).
    public var count: Int { words.count }

    /// Builds a vocabulary from ordinary words: each is normalised; the special words,
    /// empty strings, words containing a line break and repeats (after normalisation)
    /// are skipped; order is kept.
    public init(words: [String]) {
        self.words = [Self.pad, Self.unknown]
        self.ids = [Self.pad: Self.padID, Self.unknown: Self.unknownID]
        for word in words {
            let normal = Self.normalise(word)
            guard !normal.isEmpty, ids[normal] == nil,
                  !normal.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else { continue }
            ids[normal] = Int32(self.words.count)
            self.words.append(normal)
        }
    }

    /// Id of the normalised `word`, or 1 (`<unk>`) when it is not in the vocabulary.
    public func id(for word: String) -> Int32 {
        ids[Self.normalise(word)] ?? Self.unknownID
    }

    /// The normal form used for lookup: lowercased, every decimal digit (any script)
    /// replaced by "0". "Pan-Am 1996" → "pan-am 0000".
    public static func normalise(_ word: String) -> String {
        func isDigit(_ s: Unicode.Scalar) -> Bool {
            s.value < 0x80 ? (0x30...0x39).contains(s.value) : s.properties.numericType == .decimal
        }
        let lower = word.lowercased()
        guard lower.unicodeScalars.contains(where: isDigit) else { return lower }
        var view = String.UnicodeScalarView()
        for scalar in lower.unicodeScalars {
            view.append(isDigit(scalar) ? "0" : scalar)
        }
        return String(view)
    }

    /// Builds a vocabulary from raw word counts: counts are summed per normal form, forms
    /// seen fewer than `minCount` times are dropped, the rest ordered by count (descending)
    /// then by UTF-8 bytes, and cut so the vocabulary has at most `maxSize` ids in total
    /// (including `<pad>` and `<unk>`). Deterministic for equal inputs.
    public static func build(counts: [String: Int], minCount: Int, maxSize: Int) -> Vocabulary {
        var merged: [String: Int] = [:]
        // Sorted so that canonically equivalent spellings keep the same representative.
        for word in counts.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let normal = normalise(word)
            guard !normal.isEmpty, normal != pad, normal != unknown else { continue }
            merged[normal, default: 0] += counts[word]!
        }
        let ranked = merged.filter { $0.value >= minCount }.sorted { a, b in
            a.value != b.value ? a.value > b.value : a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
        }
        let room = max(0, maxSize - 2)
        return Vocabulary(words: ranked.prefix(room).map(\.key))
    }

    /// The vocabulary file: one word per line in id order, ending with a newline.
    public func text() -> String {
        words.joined(separator: "\n") + "\n"
    }

    /// Reads a vocabulary file written by `text()`. Lines 1–2 must be `<pad>` and `<unk>`;
    /// empty lines and duplicates are errors. CRLF line ends are accepted.
    /// Words are taken as written (not re-normalised).
    public init(text: String) throws {
        // "\r\n" is one Character, so both line ends are listed.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map(String.init)
        if lines.last == "" { lines.removeLast() }
        try self.init(validating: lines)
    }

    private init(validating lines: [String]) throws {
        for (index, special) in [Self.pad, Self.unknown].enumerated() where index >= lines.count || lines[index] != special {
            throw VocabularyError.missingSpecialWord(
                line: index + 1, expected: special, found: index < lines.count ? lines[index] : nil)
        }
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(lines.count)
        for (index, word) in lines.enumerated() {
            if word.isEmpty { throw VocabularyError.emptyLine(line: index + 1) }
            if ids[word] != nil { throw VocabularyError.duplicateWord(word: word, line: index + 1) }
            ids[word] = Int32(index)
        }
        self.words = lines
        self.ids = ids
    }

    private enum CodingKeys: String, CodingKey { case words }

    /// Decodes `{"words": [...]}` and validates it like `init(text:)`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(validating: container.decode([String].self, forKey: .words))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(words, forKey: .words)
    }
}
