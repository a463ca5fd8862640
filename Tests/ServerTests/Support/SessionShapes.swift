// Decodable shapes of the session routes' responses, as the tests read them.

struct SessionCreatedBody: Decodable {
    struct Limits: Decodable {
        let maxWordsPerChunk: Int
        let maxWordsPerSession: Int
        let chunkSize: Int
        let memorySize: Int
    }
    let id: String
    let expiresAt: String
    let idleTimeoutMinutes: Double
    let limits: Limits
}

struct SessionWordItem: Decodable, Equatable {
    let index: Int
    let word: String
    let start: Int
    let end: Int
}

struct MemoryFillBody: Decodable, Equatable {
    let size: Int
    let capacity: Int
}

struct ChunkBody: Decodable {
    let seq: Int
    let replayed: Bool
    let words: [SessionWordItem]
    let wordsTotal: Int
    let chunksRead: Int
    let memory: MemoryFillBody
    let onlineLabels: [LabelledWordItem]?
}

struct LabelsPageBody: Decodable {
    let offset: Int
    let limit: Int
    let total: Int
    let nextOffset: Int?
    let words: [LabelledWordItem]
    let entities: [EntityItem]
}

struct MemoryEntryItem: Decodable, Equatable {
    let word: String
    let score: Float
    let chunk: Int
    let index: Int
    let start: Int
    let end: Int
    let rank: Int?
    let weight: Float?
    let similarity: Float?
}

struct MemoryBody: Decodable {
    let capacity: Int
    let size: Int
    let chunksRead: Int
    let wordsTotal: Int
    let variant: String
    let entries: [MemoryEntryItem]
}

struct QueryBody: Decodable {
    let type: String
    let inMemory: Bool?
    let matches: [MemoryEntryItem]?
    let attendsTo: [MemoryEntryItem]?
    let nearest: [MemoryEntryItem]?
}

struct StreamBody: Decodable {
    let chunksAppended: Int
    let firstSeq: Int?
    let lastSeq: Int?
    let wordsAppended: Int
    let wordsTotal: Int
    let chunksRead: Int
    let memory: MemoryFillBody
}

/// A long document with entities that recur far apart (the memory's reason to be).
enum LongDocument {
    static let sentences = [
        "Peter Blackburn met officials of the European Commission in Brussels on Monday .",
        "The German delegation said Bonn would not accept the proposal from Paris .",
        "Shares of Reuters Holdings rose in London after the results , analysts said .",
        "Blackburn told reporters that the Commission had acted within its powers .",
        "Later that week , officials in Washington and Tokyo discussed the trade dispute .",
        "Manchester United beat Liverpool 2-1 at Old Trafford on Saturday .",
    ]

    /// About `words` words, sentences cycling with numbered filler so chunks differ.
    static func text(words: Int) -> String {
        var parts: [String] = []
        var count = 0, index = 0
        while count < words {
            let sentence = sentences[index % sentences.count] + " Item \(index) follows ."
            parts.append(sentence)
            count += sentence.split(separator: " ").count
            index += 1
        }
        return parts.joined(separator: " ")
    }

    /// `text` cut after whitespace into pieces of about `piece` characters (concatenating them gives `text`).
    static func pieces(of text: String, about piece: Int) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == " " && current.count >= piece {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
