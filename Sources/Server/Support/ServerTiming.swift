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
        "model;dur=\(String(format: "%.3f", time.inSeconds * 1000))"
    }
}
