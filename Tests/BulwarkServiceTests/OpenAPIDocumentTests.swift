import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService

/// openapi.yaml and the router stay in step: every route documented, every documented route served.
@Suite struct OpenAPIDocumentTests {
    /// (method, path) pairs under `paths:`, read by indentation: paths at two spaces, methods at four.
    static func documentedOperations() throws -> Set<String> {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("openapi.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        var operations = Set<String>()
        var inPaths = false
        var currentPath: String?
        for line in text.components(separatedBy: "\n") {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line == "paths:" }
            guard inPaths else { continue }
            if line.hasPrefix("  /") && line.hasSuffix(":") {
                currentPath = String(line.dropFirst(2).dropLast())
            } else if let currentPath, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                if ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(method) { operations.insert("\(method) \(currentPath)") }
            }
        }
        return operations
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let documented = try OpenAPIDocumentTests.documentedOperations()
        let routed = Set(BulwarkAPI().router.routes.map { "\($0.method.rawValue) \($0.pattern)" })
        #expect(!documented.isEmpty)
        #expect(routed.subtracting(documented).isEmpty, "undocumented routes: \(routed.subtracting(documented).sorted())")
        #expect(documented.subtracting(routed).isEmpty, "documented but not served: \(documented.subtracting(routed).sorted())")
    }
}
