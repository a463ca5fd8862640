// The `Server-Timing` value: milliseconds with exactly three decimals (whole microseconds),
// as `String(format: "%.3f")` wrote it, at the edges of the fraction's padding.
@testable import Server
import Testing

@Suite struct ServerTimingTests {
    @Test(arguments: [
        (Duration.zero, "model;dur=0.000"),
        (.microseconds(7), "model;dur=0.007"),
        (.microseconds(999), "model;dur=0.999"),
        (.milliseconds(1), "model;dur=1.000"),
        (.microseconds(1_234_567), "model;dur=1234.567"),
        (.nanoseconds(1_499), "model;dur=0.001"),
        (.nanoseconds(1_500), "model;dur=0.002"),
    ])
    func millisecondsWithThreeDecimals(time: Duration, header: String) {
        #expect(ServerTiming.model(time) == header)
        #expect(ServerTiming.model(time) == "model;dur=" + String(format: "%.3f", time.inSeconds * 1000))
    }
}
