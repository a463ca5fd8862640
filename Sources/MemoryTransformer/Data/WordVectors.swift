// Pretrained word vectors in the classic GloVe text format ("word v1 … vD" per line, most
// frequent word first), as scripts/fetch-glove.sh writes GloVe 6B 50d. Words are
// normalised like the vocabulary (lowercase, digits → 0); the first (most frequent)
// spelling of a normal form wins. Deliberately left out: binary formats, subword vectors.
import Foundation

/// Word → vector table read from a GloVe text file.
public struct WordVectors: Sendable {
    /// Vector width D.
    public let dimension: Int
    /// Normalised words in file order (most frequent first).
    public let words: [String]
    /// (words.count, D) row-major.
    public let values: [Float]
    private let rows: [String: Int]

    /// Reads at most `limit` lines of `path`.
    public init(contentsOf path: String, limit: Int = .max) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.io(path: path, reason: "cannot read word vectors (run `make glove`)")
        }
        var words: [String] = [], values: [Float] = [], rows: [String: Int] = [:]
        var dimension = 0, lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            lineNumber += 1
            if lineNumber > limit { break }
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count >= 2 else {
                throw DataError.malformedVectors(path: path, line: lineNumber, reason: "fewer than two fields")
            }
            if dimension == 0 { dimension = fields.count - 1 }
            guard fields.count - 1 == dimension else {
                throw DataError.malformedVectors(path: path, line: lineNumber,
                                                 reason: "\(fields.count - 1) values, expected \(dimension)")
            }
            let word = Vocabulary.normalise(String(decoding: fields[0], as: UTF8.self))
            var row: [Float] = []
            row.reserveCapacity(dimension)
            for field in fields.dropFirst() {
                guard let value = Float(String(decoding: field, as: UTF8.self)) else {
                    throw DataError.malformedVectors(path: path, line: lineNumber, reason: "not a number")
                }
                row.append(value)
            }
            guard rows[word] == nil else { continue }
            rows[word] = words.count
            words.append(word)
            values += row
        }
        self.dimension = dimension
        self.words = words
        self.values = values
        self.rows = rows
    }

    /// The vector of a normalised word, if present.
    public func vector(for word: String) -> ArraySlice<Float>? {
        rows[word].map { values[($0 * dimension)..<(($0 + 1) * dimension)] }
    }

    /// Population standard deviation of all values.
    public var standardDeviation: Float {
        guard !values.isEmpty else { return 0 }
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
        return Float(variance.squareRoot())
    }
}
