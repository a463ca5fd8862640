// The deadline for a whole request (headers and body), counted from its first byte: a
// client that trickles a request slowly is cut off instead of holding a connection (and a
// compute slot's worth of memory) for ever. The idle time-out alone never fires for a
// client that sends one byte every few seconds. One handler per connection, after the
// HTTP codec; it places a byte watcher at the front of the pipeline to see when a
// request's first byte arrives (before the codec has a head to show).
import NIOCore
import NIOHTTPTypes
import HTTPTypes

/// Closes a connection whose current request has not fully arrived `deadline` after its
/// first byte; answers 408 `request_timeout` first when the head had arrived and no
/// response has started.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let deadline: TimeAmount
    private var timer: Scheduled<Void>?
    /// No request is in progress: the next byte starts one.
    private var betweenRequests = true
    /// The current request's head arrived, its end not yet.
    private var headArrived = false
    /// A response has started and not ended.
    private var responding = false

    init(deadline: TimeAmount) {
        self.deadline = deadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let watcher = FirstByteWatcher { [weak self] in self?.bytesArrived(context: context) }
        try? context.pipeline.syncOperations.addHandler(watcher, position: .first)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            betweenRequests = false
            headArrived = true
            arm(context: context)
        case .body:
            break
        case .end:
            disarm()
            headArrived = false
            betweenRequests = true
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.kind != .informational: responding = true
        case .end: responding = false
        default: break
        }
        context.write(data, promise: promise)
    }

    /// Bytes arrived at the socket: a new request starts if none is in progress.
    private func bytesArrived(context: ChannelHandlerContext) {
        if betweenRequests { arm(context: context) }
    }

    private func arm(context: ChannelHandlerContext) {
        guard timer == nil else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: deadline) { [weak self] in
            self?.timedOut(context: context)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }

    private func timedOut(context: ChannelHandlerContext) {
        timer = nil
        guard context.channel.isActive else { return }
        guard headArrived, !responding else {
            context.close(promise: nil)
            return
        }
        let body = APIError(.requestTimeout, "the request's headers and body did not all arrive within \(deadline.nanoseconds / 1_000_000_000) s")
            .jsonBody()
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .connection: "close"]
        headers[.contentLength] = String(body.readableBytes)
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .requestTimeout, headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension RequestDeadlineHandler: Sendable {}

/// Sits first in the pipeline and reports every arrival of raw bytes.
final class FirstByteWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let onBytes: () -> Void

    init(onBytes: @escaping () -> Void) {
        self.onBytes = onBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        onBytes()
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension FirstByteWatcher: Sendable {}
