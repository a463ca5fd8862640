// The closed list of error codes against the contract: every APIErrorCode is in
// openapi.yaml's `Error.error.code` enum and nothing else is, and each code keeps one
// status (an error response's status always matches its code's).
import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

@Suite struct APIErrorCodeTests {
    @Test func theEnumEqualsTheCodesOpenAPIDocuments() throws {
        let schemas = try #require((OpenAPIContract.shared.document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let error = try #require(((schemas["Error"] as? [String: Any])?["properties"] as? [String: Any])?["error"] as? [String: Any])
        let code = try #require((error["properties"] as? [String: Any])?["code"] as? [String: Any])
        let documented = try #require(code["enum"] as? [String])
        let implemented = APIErrorCode.allCases.map(\.rawValue)
        #expect(Set(documented).subtracting(implemented).isEmpty, "documented, never answered: \(Set(documented).subtracting(implemented))")
        #expect(Set(implemented).subtracting(documented).isEmpty, "answered, not documented: \(Set(implemented).subtracting(documented))")
        #expect(documented.count == Set(documented).count, "a code is listed twice")
    }

    @Test(arguments: APIErrorCode.allCases)
    func anErrorAnswersWithItsCodesStatusAndShape(code: APIErrorCode) async throws {
        let error = APIError(code)
        #expect(error.status == code.status)
        #expect(!error.message.isEmpty)
        #expect((400..<600).contains(Int(code.status.code)))
    }

    @Test func codesAreSnakeCaseAndDistinct() {
        let raw = APIErrorCode.allCases.map(\.rawValue)
        #expect(Set(raw).count == raw.count)
        #expect(raw.allSatisfy { $0.wholeMatch(of: /[a-z]+(_[a-z0-9]+)*/) != nil })
    }
}
