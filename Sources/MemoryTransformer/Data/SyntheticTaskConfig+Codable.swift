// Lenient decoding of `SyntheticTaskConfig`: a key missing from the JSON keeps its default,
// so configurations written before a field existed (e.g. `hard`) still decode unchanged.
// Encoding stays the synthesized one, over the same keys.

extension SyntheticTaskConfig {
    enum CodingKeys: String, CodingKey {
        case seed, documents, wordsPerDocument, memorySize, namesPerMemorySlot, referenceWords
        case chunkSize, minDistance, mentionsPerName, unmentionedFraction, distractorRate
        case twoWordNameFraction, control, hard
    }

    /// Decodes every present key; absent keys keep the value of `SyntheticTaskConfig()`.
    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.seed, &seed)
        try read(.documents, &documents)
        try read(.wordsPerDocument, &wordsPerDocument)
        try read(.memorySize, &memorySize)
        try read(.namesPerMemorySlot, &namesPerMemorySlot)
        try read(.referenceWords, &referenceWords)
        try read(.chunkSize, &chunkSize)
        try read(.minDistance, &minDistance)
        try read(.mentionsPerName, &mentionsPerName)
        try read(.unmentionedFraction, &unmentionedFraction)
        try read(.distractorRate, &distractorRate)
        try read(.twoWordNameFraction, &twoWordNameFraction)
        try read(.control, &control)
        try read(.hard, &hard)
    }
}
