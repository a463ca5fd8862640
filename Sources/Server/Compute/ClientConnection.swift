// The connection of the client a request came from, as a task-local: the compute queue
// checks it just before a job starts and drops the job if the client has gone (the
// HTTP server does not cancel handlers when a peer disconnects).
import NIOCore

/// The requesting client's connection, visible to everything the request's task calls.
public enum ClientConnection {
    @TaskLocal public static var channel: (any Channel)?
}
