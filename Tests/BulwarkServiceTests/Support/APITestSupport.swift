import BulwarkJSON
import Foundation
import HTTPServer
@testable import BulwarkService
import RiskCore

/// Calls the API in process through its router, as the server would.
struct APIClient {
    let api = BulwarkAPI(now: { Timestamp(iso8601: "2026-03-01T08:00:00Z")! })
    let router: Router

    init() {
        router = api.router
    }

    func call(_ method: HTTPMethod, _ target: String, body: String? = nil, contentType: String? = "application/json") -> (HTTPResponse, JSONValue?) {
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        if let contentType, body != nil { headers.add("Content-Type", contentType) }
        let request = HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8))
        let response = router.handle(request)
        return (response, try? JSONParser.parse(response.body))
    }

    func post(_ target: String, _ body: String) -> (HTTPResponse, JSONValue?) {
        call(.post, target, body: body)
    }
}

extension JSONValue {
    var double: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    subscript(index: Int) -> JSONValue? {
        guard let array, array.indices.contains(index) else { return nil }
        return array[index]
    }

    /// The `errors` of a problem document as field -> reason.
    var problemErrors: [String: String] {
        var result: [String: String] = [:]
        for error in self["errors"]?.array ?? [] {
            if let field = error["field"]?.string, let reason = error["reason"]?.string { result[field] = reason }
        }
        return result
    }
}

let samplePortfolio = """
{"mode":"portfolio","asOf":"2026-03-01T08:00:00Z","cash":10000,
 "positions":[{"instrument":"BTC-31MAR26-65000-C","size":-1,"markIv":0.6},{"instrument":"BTC-PERPETUAL","size":"0.5","entryPrice":"59000"}],
 "market":{"BTC":{"spot":60000}}}
"""
