// Parsing of BIO tags and the IOB1 → BIO2 conversion used by the CoNLL reader.

/// Helpers for `O` / `B-TYPE` / `I-TYPE` tags.
public enum BIOTags {
    /// Splits a tag into its prefix (`"B"`, `"I"` or `"O"`) and entity type (`""` for `O`).
    /// Returns `nil` for anything else.
    public static func parse(_ tag: String) -> (prefix: Character, type: String)? {
        if tag == "O" { return ("O", "") }
        guard tag.count > 2, let first = tag.first, first == "B" || first == "I",
              tag[tag.index(after: tag.startIndex)] == "-" else { return nil }
        return (first, String(tag.dropFirst(2)))
    }

    /// The entity type of a tag (`"PER"` for `B-PER`), or `nil` for `O` / malformed tags.
    public static func type(of tag: String) -> String? {
        guard let parsed = parse(tag), parsed.prefix != "O" else { return nil }
        return parsed.type
    }

    /// Converts one sentence's tags from IOB1 to BIO2: an `I-X` that does not follow a
    /// token of type X becomes `B-X`. BIO2 input comes back unchanged. Malformed tags are
    /// passed through untouched.
    public static func iob1ToBIO2(_ tags: [String]) -> [String] {
        var result = tags
        var previousType: String? = nil
        for (i, tag) in tags.enumerated() {
            guard let parsed = parse(tag) else { previousType = nil; continue }
            if parsed.prefix == "I" && previousType != parsed.type {
                result[i] = "B-" + parsed.type
            }
            previousType = parsed.prefix == "O" ? nil : parsed.type
        }
        return result
    }
}
