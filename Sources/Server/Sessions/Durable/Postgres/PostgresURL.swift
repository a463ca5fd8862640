// `--store postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE&pool_size=N`: the
// connection URL of the PostgreSQL session store, parsed into postgres-nio's client
// configuration (`pool_size`: most connections a replica opens, default 20).
// The password may be percent-encoded; it never appears in `redacted` (for logs).
import Foundation
import NIOSSL
import PostgresNIO

/// Why a PostgreSQL URL was refused.
public enum PostgresURLError: Error, Equatable, CustomStringConvertible {
    case notAURL(String)
    case missing(part: String)
    case unsupportedSSLMode(String)
    case invalidPoolSize(String)

    public var description: String {
        switch self {
        case .notAURL(let text): "not a postgres:// URL: \(text)"
        case .missing(let part): "the PostgreSQL URL has no \(part)"
        case .unsupportedSSLMode(let mode): "sslmode \(mode) is not supported (disable, prefer or require)"
        case .invalidPoolSize(let value): "pool_size must be a whole number from 1 to 1000, not \(value)"
        }
    }
}

/// A parsed `postgres://` (or `postgresql://`) URL.
public struct PostgresURL: Sendable, Equatable {
    public let host: String
    public let port: Int
    public let username: String
    public let password: String?
    public let database: String
    /// `disable`, `prefer` (the default: TLS if the server offers it) or `require`.
    public let sslMode: String
    /// Most connections this replica's pool opens (`pool_size`, default 20).
    public let poolSize: Int

    /// Whether `text` names a PostgreSQL store rather than `sqlite` or `memory`.
    public static func looksLikeOne(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(_ text: String) throws {
        guard Self.looksLikeOne(text), let components = URLComponents(string: text) else {
            throw PostgresURLError.notAURL(Self.redact(text))
        }
        guard let host = components.host, !host.isEmpty else { throw PostgresURLError.missing(part: "host") }
        guard let user = components.user, !user.isEmpty else { throw PostgresURLError.missing(part: "user name") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw PostgresURLError.missing(part: "database (the path)") }
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(mode) else { throw PostgresURLError.unsupportedSSLMode(mode) }
        let pool = components.queryItems?.first { $0.name == "pool_size" }?.value ?? "20"
        guard let poolSize = Int(pool), (1...1000).contains(poolSize) else { throw PostgresURLError.invalidPoolSize(pool) }
        self.poolSize = poolSize
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.sslMode = mode
    }

    /// The URL without its password, for logs.
    public var redacted: String { "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(sslMode)&pool_size=\(poolSize)" }

    /// postgres-nio's client configuration for this URL.
    public var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch sslMode {
        case "disable": .disable
        case "require": .require(.makeClientConfiguration())
        default: .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                                         database: database, tls: tls)
        configuration.options.maximumConnections = poolSize
        return configuration
    }

    private static func redact(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://") else { return text }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
