// A fresh PostgreSQL database per test, on the server `MEMTX_TEST_POSTGRES_URL` names
// (`make test` starts one with scripts/postgres/with-postgres.sh). Without the variable
// the PostgreSQL tests are disabled, and say so.
import Foundation
import Logging
import PostgresNIO
import Server

enum ScratchPostgres {
    /// The server's URL, if the tests were given one.
    static let serverURL: String? = ProcessInfo.processInfo.environment["MEMTX_TEST_POSTGRES_URL"]

    static var available: Bool { serverURL != nil }

    /// A new, empty database on the test server; its URL.
    static func freshDatabase() async throws -> PostgresURL {
        let server = try PostgresURL(serverURL!)
        let name = "memtx_test_" + Session.newID().dropFirst(2)
        let client = PostgresClient(configuration: server.clientConfiguration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            group.cancelAll()
        }
        var components = URLComponents(string: serverURL!)!
        components.path = "/" + name
        return try PostgresURL(components.string!)
    }

    /// Runs one SQL statement on `url`'s database and returns the first column of each row.
    static func column<T: PostgresDecodable & Sendable>(_ type: T.Type, _ sql: String, on url: PostgresURL) async throws -> [T] {
        let client = PostgresClient(configuration: url.clientConfiguration)
        return try await withThrowingTaskGroup(of: [T].self) { group in
            group.addTask { await client.run(); return [] }
            var values: [T] = []
            for try await value in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(T.self) { values.append(value) }
            group.cancelAll()
            return values
        }
    }
}
