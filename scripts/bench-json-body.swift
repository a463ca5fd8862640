// bench-json-body: the append route's body decode before and after issue 17, side by side:
// before, UTF-8 validated into a String, JSONSerialization for unknown fields and nulls, then
// JSONDecoder with snake-case conversion (two parses); after, one JSONDecoder pass whose keyed
// container is checked first (JSONBody.swift). Best of 5 rounds of 2 000 decodes each.
//   swiftc -O scripts/bench-json-body.swift -o /tmp/bench-json-body && /tmp/bench-json-body
import Foundation
struct AnyKey: CodingKey { let stringValue: String; let intValue: Int?; init(_ s: String) { stringValue = s; intValue = nil }
  init(stringValue: String) { self.init(stringValue) }; init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue } }
struct ChunkRequest: Decodable { let seq: Int; let text: String?; let words: [String]?; let labels: Bool?
  static let fields: Set<String> = ["seq", "text", "words", "labels"] }
// Before: UTF-8 validation into a String, JSONSerialization for the keys and nulls, then JSONDecoder (snake case).
func before(_ data: Data) throws -> ChunkRequest {
  guard String(validating: data, as: UTF8.self) != nil else { throw CocoaError(.coderInvalidValue) }
  if let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) {
    guard let fields = object as? [String: Any] else { throw CocoaError(.coderInvalidValue) }
    let unknown = fields.keys.filter { !ChunkRequest.fields.contains($0) }
    if !unknown.isEmpty { throw CocoaError(.coderInvalidValue) }
    if fields.contains(where: { $0.value is NSNull }) { throw CocoaError(.coderInvalidValue) }
  }
  let decoder = JSONDecoder(); decoder.keyDecodingStrategy = .convertFromSnakeCase
  return try decoder.decode(ChunkRequest.self, from: data)
}
// After: one JSONDecoder pass, keys and nulls checked from the keyed container first.
struct Checked: Decodable { let value: ChunkRequest
  init(from decoder: any Decoder) throws {
    let object = try decoder.container(keyedBy: AnyKey.self)
    let keys = object.allKeys.map(\.stringValue)
    if keys.contains(where: { !ChunkRequest.fields.contains($0) }) { throw CocoaError(.coderInvalidValue) }
    if try object.allKeys.contains(where: { try object.decodeNil(forKey: $0) }) { throw CocoaError(.coderInvalidValue) }
    value = try ChunkRequest(from: decoder)
  } }
func after(_ data: Data) throws -> ChunkRequest { try JSONDecoder().decode(Checked.self, from: data).value }
let vocabulary = "the European Commission said on Thursday it disagreed with German advice to consumers".split(separator: " ").map(String.init)
for words in [64, 256] {
  let body = try JSONSerialization.data(withJSONObject: ["seq": 7, "words": (0..<words).map { vocabulary[$0 % vocabulary.count] }])
  var best = (Double.infinity, Double.infinity)
  for _ in 0..<5 {
    for (index, f) in [before, after].enumerated() {
      let n = 2000, start = ContinuousClock.now
      for _ in 0..<n { _ = try f(body) }
      let us = (ContinuousClock.now - start) / .microseconds(1) / Double(n)
      if index == 0 { best.0 = min(best.0, us) } else { best.1 = min(best.1, us) }
    }
  }
  print("\(words) words (\(body.count) B): before \(String(format: "%.1f", best.0)) µs, after \(String(format: "%.1f", best.1)) µs, \(String(format: "%.2f", best.0 / best.1))× faster")
}
