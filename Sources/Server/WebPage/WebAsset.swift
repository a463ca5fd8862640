// One file of the web page, compiled into the binary: its bytes, content type and an
// entity tag (a hash of the bytes), so browsers revalidate cheaply and never run a stale
// script after an upgrade. No file system, no bundle: the page works wherever memtx runs.
import MemoryTransformer
import NIOCore

/// A static file of the page held in memory.
struct WebAsset: Sendable {
    /// The value of the Content-Type header, e.g. `text/html; charset=utf-8`.
    let contentType: String
    /// The file's bytes (UTF-8 text).
    let body: ByteBuffer
    /// A strong entity tag: the quoted 64-bit FNV-1a hash of the bytes in hex.
    let eTag: String

    /// The file `bytes` (as embedded by SwiftPM's `.embedInCode`), served as `contentType`.
    init(contentType: String, bytes: [UInt8]) {
        self.contentType = contentType
        self.body = ByteBuffer(bytes: bytes)
        self.eTag = "\"\(String(FNV1a.hash(bytes[...]), radix: 16))\""
    }

    /// Whether an `If-None-Match` header value names this version (or is `*`).
    func matches(ifNoneMatch header: String) -> Bool {
        header.split(separator: ",").contains { tag in
            let trimmed = tag.trimmingCharacters(in: " \t")
            return trimmed == "*" || trimmed == eTag || trimmed == "W/" + eTag
        }
    }
}

private extension Substring {
    /// The substring without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        return String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
