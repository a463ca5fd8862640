// A plain TCP connection to a live test server, for the tests that need what no HTTP
// client does on purpose: trickle a request byte by byte, or write a whole oversized
// body before reading the answer. Blocking POSIX sockets with a receive time-out.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One client socket connected to 127.0.0.1:`port`.
final class RawConnection {
    private let socketFD: Int32

    /// Connects; `receiveTimeout` bounds every `receive` call.
    init(port: Int, receiveTimeout: TimeInterval = 15) throws {
        #if canImport(Glibc)
        socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        socketFD = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socketFD >= 0 else { throw RawConnectionError.failed("socket") }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: 0)
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socketFD)
            throw RawConnectionError.failed("connect")
        }
    }

    deinit { close(socketFD) }

    /// Writes all of `bytes`; false if the server closed or reset the connection.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { Glibc.send(socketFD, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { return false }
            sent += written
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Everything the server sends until it closes the connection (or the time-out passes):
    /// the bytes, and whether the connection ended (closed or reset) rather than timed out.
    func receiveAll() -> (bytes: [UInt8], closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress, $0.count, 0) }
            if count > 0 { received += buffer[..<count]; continue }
            if count == 0 { return (received, true) }
            return (received, errno == ECONNRESET)
        }
    }
}

enum RawConnectionError: Error {
    case failed(String)
}
