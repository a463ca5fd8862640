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
        try await withClient(server) { _ = try await $0.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)")) }
        var components = URLComponents(string: serverURL!)!
        components.path = "/" + name
        return try PostgresURL(components.string!)
    }

    /// Runs one SQL statement on `url`'s database and returns the first column of each row.
    static func column<T: PostgresDecodable & Sendable>(_ type: T.Type, _ sql: String, on url: PostgresURL) async throws -> [T] {
        try await withClient(url) { client in
            var values: [T] = []
            for try await value in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(T.self) { values.append(value) }
            return values
        }
    }

    /// Runs `body` with a client of `url`'s database, running while it does.
    private static func withClient<T: Sendable>(_ url: PostgresURL, _ body: (PostgresClient) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: url.clientConfiguration)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// A PostgreSQL server of the test's own (for outages), driven by scripts/postgres/scratch.sh.
    struct OwnServer {
        let directory: URL
        let port: Int
        private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/postgres/scratch.sh").path

        /// Initialises and starts a new server on a free port; returns it and its URL.
        static func start() throws -> (OwnServer, PostgresURL) {
            let parent = FileManager.default.temporaryDirectory.appendingPathComponent("memtx-pg-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
            // A random port below the ephemeral range; another one if it is taken.
            for attempt in 1...5 {
                let server = OwnServer(directory: parent.appendingPathComponent("data"), port: Int.random(in: 20_000..<30_000))
                do {
                    try server.resume()
                    return (server, try PostgresURL("postgres://postgres@127.0.0.1:\(server.port)/postgres?sslmode=disable"))
                } catch where attempt < 5 {
                    server.remove()
                    try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true,
                                                            attributes: [.posixPermissions: 0o755])
                }
            }
            fatalError("unreachable: the last attempt throws")
        }

        /// Starts it (again).
        func resume() throws { try Self.run("'\(Self.script)' start '\(directory.path)' \(port) >/dev/null") }
        func pause() throws { try Self.run("'\(Self.script)' pause '\(directory.path)'") }
        func remove() {
            try? Self.run("'\(Self.script)' stop '\(directory.path)'")
            try? FileManager.default.removeItem(at: directory.deletingLastPathComponent())
        }

        /// Runs a shell command line. (Foundation's `Process.waitUntilExit` was seen to hang
        /// here once the script had started a PostgreSQL daemon.)
        private static func run(_ command: String) throws {
            guard system(command) == 0 else { throw CocoaError(.executableLoad, userInfo: ["command": command]) }
        }
    }
}
