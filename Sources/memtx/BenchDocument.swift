// Synthetic benchmark documents: news-like text drawn from a fixed vocabulary of real
// words (names, places, organisations, function words, punctuation), seeded, so every run
// and the NumPy reference see the same words. Not a language model: only the mix of word
// shapes, lengths and vocabulary hits matters for speed.
import Kernels
import MemoryTransformer

enum BenchDocument {
    /// A fixed vocabulary: mostly lowercase words, some capitalised names, numbers, punctuation.
    static let vocabulary: [String] = """
        the of to and a in for is on that by with from at as said was it he his be has \
        have are were an will which its after been would their but also government new two \
        first year last people market percent shares million billion president minister \
        police told week company group officials team match season cup league world \
        against talks election party state national foreign trade prices bank oil \
        Peter Blackburn Brussels European Commission German British Germany France Paris \
        London Washington Clinton Yeltsin Moscow Russia China Beijing Japan Tokyo Reuters \
        United Nations Israel Arafat Netanyahu Iraq Baghdad Bosnia Sarajevo Chechnya Grozny \
        Manchester Arsenal Chelsea Wimbledon Sampras Agassi Graf Seles Ferrari Schumacher \
        Microsoft IBM Intel Boeing Airbus Siemens Volkswagen Toyota Sony Nikkei Dow Jones \
        Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March \
        1996 1997 10 12 25 100 3.5 1,000 2-1 4-3 . , . , . ( ) " : - ' 's
        """.split(separator: " ").map(String.init)

    /// `count` words with offsets (one space between words), from `seed`.
    static func words(count: Int, seed: UInt64 = 2026) -> [Word] {
        var stream = Stream(seed: seed)
        return stream.next(count)
    }

    /// The words of `words(count:seed:)` made a piece at a time (a session that never holds
    /// the whole document before sending it).
    struct Stream {
        private var generator: SeededGenerator
        private var offset = 0

        init(seed: UInt64 = 2026) { generator = SeededGenerator(seed: seed) }

        /// The next `count` words.
        mutating func next(_ count: Int) -> [Word] {
            var words: [Word] = []
            words.reserveCapacity(count)
            for _ in 0..<count {
                let text = vocabulary[Int(generator.next() % UInt64(vocabulary.count))]
                let length = text.unicodeScalars.count
                words.append(Word(text: text, start: offset, end: offset + length))
                offset += length + 1
            }
            return words
        }
    }
}
