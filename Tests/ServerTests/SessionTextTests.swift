// A session's document text: windows by Unicode-scalar offsets, found from the nearest
// chunk start, equal slicing the whole text's scalars.
import MemoryTransformer
import Server
import Testing

@Suite struct SessionTextTests {
    @Test func windowsEqualScalarSlices() {
        var session = Session(id: "s", owner: "o", now: .now, state: DocumentState(memory: Memory(capacity: 0, policy: .empty)))
        for chunk in ["Zoë met 🇪🇺 ", "Ålesund's mayor ", "", "in 東京 , then Paris ."] { session.appendText(chunk) }
        let scalars = Array(session.text.unicodeScalars)
        #expect(session.textScalars == scalars.count)
        for start in 0...scalars.count {
            for end in start...scalars.count {
                let expected = String(String.UnicodeScalarView(scalars[start..<end]))
                #expect(String(session.text(scalars: start..<end)) == expected)
            }
        }
    }
}
