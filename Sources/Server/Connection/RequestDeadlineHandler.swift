// The deadline for a whole request (headers and body), counted from its first byte: a
// client that trickles a request slowly is cut off instead of holding a connection (and a
// compute slot's worth of memory) for ever. The idle time-out alone never fires for a
// client that sends one byte every few seconds. One handler per connection, after the
// HTTP codec; it places a byte watcher at the front of the pipeline to see when a
// request's first byte arrives (before the codec has a head to show). Time the server itself
// takes does not count: a request that arrives while an earlier one on the connection is
// still being answered (pipelined, or sent right after) starts its clock when that answer ends.
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
    /// Bytes of a request have arrived and its end has not.
    private var requestInProgress = false
    /// The current request's head arrived, its end not yet.
    private var headArrived = false
    /// Requests read whole minus responses ended: while it is positive, the server is the
    /// one keeping the next request waiting (HTTP/1.1 pipelining), so that request's clock
    /// waits. (It goes negative for a moment when an answer, say a 413, ends before its
    /// request has been read to its end.)
    private var unanswered = 0
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
            requestInProgress = true
            headArrived = true
            armIfDue(context: context)
        case .body:
            break
        case .end:
            disarm()
            requestInProgress = false
            headArrived = false
            unanswered += 1
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.kind != .informational:
            responding = true
        case .end:
            responding = false
            unanswered -= 1
            armIfDue(context: context)
        default:
            break
        }
        context.write(data, promise: promise)
    }

    /// Bytes arrived at the socket: they belong to a request in progress, or start one.
    private func bytesArrived(context: ChannelHandlerContext) {
        requestInProgress = true
        armIfDue(context: context)
    }

    /// Starts the clock of the request in progress, unless it runs already or the server
    /// still owes an earlier request its answer (then it starts when that answer ends).
    private func armIfDue(context: ChannelHandlerContext) {
        guard requestInProgress, unanswered <= 0, timer == nil else { return }
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
