// Which methods each route path takes, read off the router once every route is added, so
// that a known path asked with another method answers 405 with `Allow` instead of 404.
import Hummingbird
import NIOConcurrencyHelpers

/// The methods of every route path (`{id}` segments match any one segment).
final class RouteMethods: Sendable {
    private struct Route {
        /// Literal segments, or nil for a capture or wildcard.
        let segments: [String?]
        var methods: Set<String>
    }

    private let routes = NIOLockedValueBox<[Route]>([])

    /// Takes the router's routes (call after the last route is added); a GET route also
    /// takes HEAD (the router generates those when it builds its responder).
    func record<Context>(_ descriptions: [Router<Context>.RouteDescription]) {
        var table: [Route] = []
        for description in descriptions {
            let segments = Self.segments(of: description.path.description).map { segment -> String? in
                segment.contains("{") || segment.contains("*") || segment.hasPrefix(":") ? nil : segment
            }
            if let index = table.firstIndex(where: { $0.segments == segments }) {
                table[index].methods.insert(description.method.rawValue)
            } else {
                table.append(Route(segments: segments, methods: [description.method.rawValue]))
            }
        }
        for index in table.indices where table[index].methods.contains("GET") { table[index].methods.insert("HEAD") }
        routes.withLockedValue { $0 = table }
    }

    /// The methods `path` takes, sorted; empty when no route has this path.
    func allowed(for path: String) -> [String] {
        let requested = Self.segments(of: path)
        return routes.withLockedValue { routes in
            routes.filter { route in
                route.segments.count == requested.count
                    && zip(route.segments, requested).allSatisfy { pattern, segment in pattern == nil || pattern == segment }
            }
            .reduce(into: Set<String>()) { $0.formUnion($1.methods) }
        }
        .sorted()
    }

    private static func segments(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }
}
