// RequestDeadlineHandler on an embedded channel behind NIO's HTTP/1 server pipeline (the
// codec, pipelining assistance, the HTTP-types converter), with the event loop's clock moved
// by hand: a request's clock starts at its first byte, but not while the server still owes
// the connection an earlier answer; the time the server takes never counts against a client.
import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Testing
@testable import Server

@Suite struct RequestDeadlineHandlerTests {
    func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: false)
        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        try channel.pipeline.syncOperations.addHandler(RequestDeadlineHandler(deadline: .seconds(1)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        return channel
    }

    func send(_ channel: EmbeddedChannel, _ text: String) throws {
        try channel.writeInbound(channel.allocator.buffer(string: text))
    }

    func answer(_ channel: EmbeddedChannel) throws {
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: [.contentLength: "0"])))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
    }

    @Test func aRequestSentWhileTheServerIsBusyIsNotTimedOut() throws {
        let channel = try channel()
        try send(channel, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        try send(channel, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n")   // before /a is answered
        channel.embeddedEventLoop.advanceTime(by: .seconds(3))     // the server takes 3 s
        #expect(channel.isActive)
        try answer(channel)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(500))
        #expect(channel.isActive)
        try answer(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(channel.isActive, "no request in progress, nothing to time out")
    }

    @Test func aRequestStillIncompleteAfterTheEarlierAnswerTimesOut() throws {
        let channel = try channel()
        try send(channel, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        try send(channel, "GET /b HTTP/1.1\r\nHost: x\r\n")       // its head never ends
        channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(channel.isActive)
        try answer(channel)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(900))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(200))
        #expect(!channel.isActive, "the clock started when /a's answer ended")
    }

    @Test func aBodyTricklingPastTheDeadlineGets408() throws {
        let channel = try channel()
        try send(channel, "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{\"t")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1100))
        var written = ""
        while let part = try channel.readOutbound(as: ByteBuffer.self) { written += String(buffer: part) }
        #expect(written.hasPrefix("HTTP/1.1 408"), "\(written)")
        #expect(!channel.isActive)
    }
}
