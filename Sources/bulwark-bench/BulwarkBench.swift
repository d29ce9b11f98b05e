import BulwarkService
import Foundation
import HTTPServer

/// Benchmarks that print one JSON line each. Not tests: run them on a quiet machine.
///   swift run -c release bulwark-bench handler [ITERATIONS]
@main
struct BulwarkBench {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        switch arguments.first {
        case "handler":
            try handler(iterations: arguments.dropFirst().first.flatMap(Int.init) ?? 20_000)
        default:
            FileHandle.standardError.write(Data("usage: bulwark-bench handler [ITERATIONS]\n".utf8))
            exit(2)
        }
    }

    /// The POST /v1/margin handler in process on one core: JSON in, margin, JSON out, no sockets.
    static func handler(iterations: Int) throws {
        let body = try Data(contentsOf: URL(fileURLWithPath: "bench/margin-10.json"))
        let router = BulwarkAPI().router
        var headers = HTTPHeaders()
        headers.add("Host", "bench")
        headers.add("Content-Type", "application/json")
        let request = HTTPRequest(method: .post, target: "/v1/margin", headers: headers, body: Array(body))
        guard router.handle(request).status == .ok else { throw BenchError("the benchmark portfolio is not accepted") }
        for _ in 0..<min(1_000, iterations) { _ = router.handle(request) }
        let clock = ContinuousClock()
        var bytes = 0
        let elapsed = clock.measure {
            for _ in 0..<iterations { bytes &+= router.handle(request).body.count }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("{\"benchmark\":\"margin-handler\",\"iterations\":\(iterations),\"microsecondsPerRequest\":\(String(format: "%.2f", seconds / Double(iterations) * 1e6)),\"requestsPerSecondOneCore\":\(Int(Double(iterations) / seconds)),\"responseBytes\":\(bytes / iterations)}")
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
