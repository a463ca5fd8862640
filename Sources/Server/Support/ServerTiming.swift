// The `Server-Timing` header (W3C) the model's routes send: how long the model itself ran
// for the request, so a client can tell it from the wait for the queue, HTTP and JSON
// (bench-append and bench-http read it).
import Foundation
import Hummingbird

extension HTTPFields.Element.Name {
    /// `Server-Timing` (W3C), not predefined by HTTPTypes.
    static let serverTiming = Self("Server-Timing")!
}

/// Values of the `Server-Timing` header.
enum ServerTiming {
    /// `model;dur=<milliseconds>`, to the microsecond.
    static func model(_ time: Duration) -> String {
        // Whole microseconds as milliseconds with three decimals, without Foundation's
        // `String(format:)` (about 1 % of an append's server time).
        let microseconds = max(0, Int((time.inSeconds * 1_000_000).rounded()))
        let fraction = String(microseconds % 1000)
        return "model;dur=\(microseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
