// gzip for HTTP bodies over zlib (the system library): inflate a request body with a cap
// on the inflated size (a small bomb cannot exhaust memory), deflate a response body.
import CZlib
import NIOCore

/// Why a gzip body could not be inflated.
public enum GzipError: Error, Equatable {
    /// The bytes are not a valid gzip stream (zlib's return code and message).
    case corrupt(code: Int32, message: String)
    /// Inflated, the body would exceed `limit` bytes.
    case tooLarge(limit: Int)
}

/// gzip encoding and decoding of whole buffers.
public enum Gzip {
    /// Inflates `compressed`, refusing to produce more than `limit` bytes.
    public static func inflate(_ compressed: ByteBuffer, limit: Int) throws -> ByteBuffer {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GzipError.corrupt(code: Z_VERSION_ERROR, message: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var input = Array(compressed.readableBytesView)
        var output = ByteBuffer()
        var piece = [UInt8](repeating: 0, count: 64 * 1024)
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let code: Int32 = piece.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = piece.count - Int(stream.avail_out)
                if output.readableBytes + produced > limit { return Z_MEM_ERROR }
                output.writeBytes(piece[0..<produced])
                if code == Z_STREAM_END { return Z_OK }
                if code != Z_OK { return code }
                if stream.avail_in == 0 && produced == 0 { return Z_BUF_ERROR }
            }
        }
        if status == Z_MEM_ERROR { throw GzipError.tooLarge(limit: limit) }
        guard status == Z_OK else {
            let message = stream.msg.map { String(cString: $0) } ?? "truncated or not gzip"
            throw GzipError.corrupt(code: status, message: message)
        }
        return output
    }

    /// Deflates `plain` into a gzip stream (compression level 6).
    public static func deflate(_ plain: ByteBuffer) -> ByteBuffer {
        var stream = z_stream()
        precondition(deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        var input = Array(plain.readableBytesView)
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        let written: Int = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                let code = CZlib.deflate(&stream, Z_FINISH)
                precondition(code == Z_STREAM_END, "deflateBound was too small")
                return target.count - Int(stream.avail_out)
            }
        }
        return ByteBuffer(bytes: output[0..<written])
    }
}
