// Tokenizer rules on ASCII text: punctuation, numbers, abbreviations, hyphens, clitics,
// quotes, URLs, e-mails, and pre-split words. Unicode offsets are in TokenizerUnicodeTests.
import Testing
@testable import MemoryTransformer

@Suite struct TokenizerTests {
    func texts(_ text: String) -> [String] { TextTestSupport.texts(text) }

    @Test func whitespaceAndPunctuationSeparate() {
        #expect(texts("EU rejects German call to boycott British lamb.")
            == ["EU", "rejects", "German", "call", "to", "boycott", "British", "lamb", "."])
        #expect(texts("Hello, world! (Yes?)") == ["Hello", ",", "world", "!", "(", "Yes", "?", ")"])
        #expect(texts("") == [])
        #expect(texts(" \t\n ") == [])
    }

    @Test func numbersStayTogether() {
        #expect(texts("Pi is 3.14, not 1,000,000.") == ["Pi", "is", "3.14", ",", "not", "1,000,000", "."])
        #expect(texts("at 10:30 on 1996-08-30 score 3-1 half 1/2") ==
            ["at", "10:30", "on", "1996-08-30", "score", "3-1", "half", "1/2"])
        #expect(texts("$50 or 12% in the 1990s, 3rd") == ["$", "50", "or", "12", "%", "in", "the", "1990s", ",", "3rd"])
        #expect(texts("1, 2") == ["1", ",", "2"])
    }

    @Test func abbreviationsKeepTheirPeriods() {
        #expect(texts("The U.S. and U.K. met.") == ["The", "U.S.", "and", "U.K.", "met", "."])
        #expect(texts("e.g. Ph.D. J. Smith") == ["e.g.", "Ph.D.", "J.", "Smith"])
        #expect(texts("Mr. Brown of Acme Inc. said") == ["Mr.", "Brown", "of", "Acme", "Inc.", "said"])
        #expect(texts("the end.Next one") == ["the", "end", ".", "Next", "one"])
        #expect(texts("Wait...") == ["Wait", "..."])
        #expect(texts("Tokyo.") == ["Tokyo", "."])
    }

    @Test func hyphenatedWordsStayTogether() {
        #expect(texts("Franco-German well-known F-16 state-of-the-art") ==
            ["Franco-German", "well-known", "F-16", "state-of-the-art"])
        #expect(texts("a - b -- c -d e-") == ["a", "-", "b", "--", "c", "-", "d", "e", "-"])
    }

    @Test func cliticsSplitPennTreebankStyle() {
        #expect(texts("Germany's") == ["Germany", "'s"])
        #expect(texts("don't can't I'm we're they've you'll he'd") ==
            ["do", "n't", "ca", "n't", "I", "'m", "we", "'re", "they", "'ve", "you", "'ll", "he", "'d"])
        #expect(texts("DON'T GERMANY'S") == ["DO", "N'T", "GERMANY", "'S"])
        #expect(texts("O'Neill's rock'n'roll") == ["O'Neill", "'s", "rock'n'roll"])
        #expect(texts("Germany\u{2019}s") == ["Germany", "\u{2019}s"])
        // Already tokenized CoNLL text keeps its clitics.
        #expect(texts("Germany 's coach do n't") == ["Germany", "'s", "coach", "do", "n't"])
        #expect(texts("players' union") == ["players", "'", "union"])
        #expect(texts("'s") == ["'s"])
    }

    @Test func quotesAreTheirOwnWords() {
        #expect(texts("\"Yes,\" he said 'no'") == ["\"", "Yes", ",", "\"", "he", "said", "'", "no", "'"])
        #expect(texts("\u{201C}Bonn\u{201D}") == ["\u{201C}", "Bonn", "\u{201D}"])
        #expect(texts("AT&T and S&P, R & D") == ["AT&T", "and", "S&P", ",", "R", "&", "D"])
    }

    @Test func urlsAreOneWord() {
        #expect(texts("See https://example.com/a_b?x=1&y=(2).") == ["See", "https://example.com/a_b?x=1&y=(2)", "."])
        #expect(texts("(www.reuters.com)") == ["(", "www.reuters.com", ")"])
        #expect(texts("<http://en.wikipedia.org/wiki/Bonn_(city)>, ok") ==
            ["<", "http://en.wikipedia.org/wiki/Bonn_(city)", ">", ",", "ok"])
        #expect(texts("HTTP://X.ORG/Path") == ["HTTP://X.ORG/Path"])
        #expect(texts("http:// no") == ["http", ":", "/", "/", "no"])
    }

    @Test func emailsAreOneWord() {
        #expect(texts("Mail john.doe+news@mail.example.co.uk.") == ["Mail", "john.doe+news@mail.example.co.uk", "."])
        #expect(texts("<a_b@c-d.org>") == ["<", "a_b@c-d.org", ">"])
        #expect(texts("me@localhost now") == ["me", "@", "localhost", "now"])
        #expect(texts("@reuters") == ["@", "reuters"])
    }

    @Test func baseOffsetShiftsEveryWord() {
        let text = "Bonn, 1996."
        let plain = Tokenizer().tokenize(text)
        let shifted = Tokenizer().tokenize(text, baseOffset: 100)
        #expect(plain.map(\.start) == [0, 4, 6, 10])
        #expect(shifted.map(\.start) == plain.map { $0.start + 100 })
        #expect(shifted.map(\.end) == plain.map { $0.end + 100 })
        #expect(TextTestSupport.offsetsAreConsistent(shifted, in: text, baseOffset: 100))
    }

    @Test func preSplitWordsGetJoinedOffsets() throws {
        let words = try Tokenizer().tokenize(words: ["Zoe\u{0308}", "visits", "🇩🇪", "."])
        #expect(words.map(\.start) == [0, 5, 12, 15])
        #expect(words.map(\.end) == [4, 11, 14, 16])
        #expect(TextTestSupport.offsetsAreConsistent(words, in: "Zoe\u{0308} visits 🇩🇪 ."))
        #expect(try Tokenizer().tokenize(words: []) == [])
    }

    @Test func preSplitWordsAreValidated() {
        #expect(throws: TokenizerError.emptyWord(index: 1)) {
            try Tokenizer().tokenize(words: ["a", "", "b"])
        }
        #expect(throws: TokenizerError.whitespaceInWord(index: 0, word: "New York")) {
            try Tokenizer().tokenize(words: ["New York"])
        }
        #expect(throws: TokenizerError.whitespaceInWord(index: 2, word: "a\u{00A0}b")) {
            try Tokenizer().tokenize(words: ["x", "y", "a\u{00A0}b"])
        }
    }
}
