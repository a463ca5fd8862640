// Tokenizer offsets on hard Unicode: combining marks, emoji sequences, flags, CJK, RTL and
// Indic scripts, CRLF and exotic whitespace. Offsets are checked as exact scalar positions.
import Testing
@testable import MemoryTransformer

@Suite struct TokenizerUnicodeTests {
    func words(_ text: String) -> [Word] { Tokenizer().tokenize(text) }
    func texts(_ text: String) -> [String] { TextTestSupport.texts(text) }

    @Test func combiningMarksStayInTheWord() {
        let text = "Zoe\u{0308} met Zoë."  // decomposed, then precomposed
        let result = words(text)
        #expect(result.map(\.text) == ["Zoe\u{0308}", "met", "Zoë", "."])
        #expect(result.map(\.start) == [0, 5, 9, 12])
        #expect(result.map(\.end) == [4, 8, 12, 13])
        #expect(TextTestSupport.offsetsAreConsistent(result, in: text))
    }

    @Test func emojiSequencesAreOneWordEach() {
        let family = "👩\u{200D}👩\u{200D}👧"
        let thumbs = "👍🏽"
        let flag = "🇩🇪🇫🇷"
        let scotland = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"
        let rainbow = "🏳\u{FE0F}\u{200D}🌈"
        let keycap = "1\u{FE0F}\u{20E3}"
        let text = "hi \(family)\(thumbs)! \(flag) \(scotland)\(rainbow) \(keycap) ❤\u{FE0F}ok"
        let result = words(text)
        #expect(result.map(\.text) ==
            ["hi", family, thumbs, "!", "🇩🇪", "🇫🇷", scotland, rainbow, keycap, "❤\u{FE0F}", "ok"])
        // Every emoji word is exactly one grapheme cluster.
        for word in result where word.text != "hi" && word.text != "ok" {
            #expect(word.text.count == 1, "\(word.text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(result[1].start == 3 && result[1].end == 8)
        #expect(TextTestSupport.offsetsAreConsistent(result, in: text))
    }

    @Test func cjkIsOneWordPerCharacter() {
        let text = "東京都でカタカナとひらがな、ガ漢字。"
        let result = texts(text)
        #expect(result.count == text.count)
        #expect(result.prefix(5) == ["東", "京", "都", "で", "カ"])
        // A decomposed voiced kana (カ + U+3099) stays one word.
        #expect(texts("カ\u{3099}キ") == ["カ\u{3099}", "キ"])
        #expect(texts("Tokyo東京") == ["Tokyo", "東", "京"])
        #expect(TextTestSupport.offsetsAreConsistent(words(text), in: text))
    }

    @Test func otherScriptsAreLetterRuns() {
        #expect(texts("Москва и Санкт-Петербург.") == ["Москва", "и", "Санкт-Петербург", "."])
        #expect(texts("Αθήνα, Ελλάδα") == ["Αθήνα", ",", "Ελλάδα"])
        let arabic = "\u{200F}القاهرة، مِصْر"  // RLM, Arabic comma, harakat
        let arabicWords = words(arabic)
        #expect(arabicWords.map(\.text) == ["القاهرة", "،", "مِصْر"])
        #expect(arabicWords[0].start == 1)
        #expect(TextTestSupport.offsetsAreConsistent(arabicWords, in: arabic))
        let hindi = "नई दिल्ली में"
        #expect(texts(hindi) == ["नई", "दिल्ली", "में"])
        #expect(TextTestSupport.offsetsAreConsistent(words(hindi), in: hindi))
        #expect(texts("٣٫١٤ and ١٬٠٠٠") == ["٣٫١٤", "and", "١٬٠٠٠"])  // Arabic-Indic decimals
    }

    @Test func unicodeWhitespaceSeparatesAndCountsAsScalars() {
        let text = "Bonn\r\nParis\tRome\u{00A0}Oslo\u{2003}Kyiv\u{3000}Riga\u{200B}Baku\u{2028}Lima"
        let result = words(text)
        #expect(result.map(\.text) == ["Bonn", "Paris", "Rome", "Oslo", "Kyiv", "Riga", "Baku", "Lima"])
        #expect(result[1].start == 6)  // "\r\n" is one Character but two scalars
        #expect(result.map(\.start) == [0, 6, 12, 17, 22, 27, 32, 37])
        #expect(TextTestSupport.offsetsAreConsistent(result, in: text))
    }

    @Test func offsetsAfterEmojiAndMarksAreScalarOffsets() {
        let text = "👩\u{200D}👩\u{200D}👧 Zoe\u{0308} U.S."
        let result = words(text)
        #expect(result.map(\.text) == ["👩\u{200D}👩\u{200D}👧", "Zoe\u{0308}", "U.S."])
        #expect(result.map(\.start) == [0, 6, 11])
        #expect(result.map(\.end) == [5, 10, 15])
        // Not UTF-16 (the family is 8 UTF-16 units) and not graphemes (1 Character).
        #expect(TextTestSupport.offsetsAreConsistent(result, in: text))
    }

    @Test func softHyphenAndJoinersStayInsideWords() {
        #expect(texts("co\u{00AD}operate") == ["co\u{00AD}operate"])
        #expect(texts("می\u{200C}خواهم") == ["می\u{200C}خواهم"])
        #expect(texts("end\u{200E} next") == ["end", "next"])
    }
}
