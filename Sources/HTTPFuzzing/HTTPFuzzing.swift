import HTTPServer

/// The body of the fuzz target, a library so tests can replay inputs through the same code.
public enum HTTPFuzzing {
    /// Feeds `bytes` to the request parser twice, whole and in pieces of varying size,
    /// and checks the two agree: splitting a stream must never change what it means.
    /// Returns a digest of the results so the optimizer cannot drop the work.
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> Int {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 64 * 1024
        let whole = HTTPRequestParser.parseAll(bytes, limits: limits)

        var parser = HTTPRequestParser(limits: limits)
        var pieces: [HTTPRequest] = []
        var failure: HTTPParseError?
        var offset = 0
        var step = 1
        feeding: while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            parser.append(bytes[offset..<end])
            offset = end
            step = step % 7 + 1
            do {
                while true {
                    switch try parser.next() {
                    case .needMore: continue feeding
                    case .sendContinue: continue
                    case .request(let request): pieces.append(request)
                    }
                }
            } catch {
                failure = error
                break
            }
        }
        precondition(whole.requests.count == pieces.count, "split input parsed to a different number of requests")
        for (a, b) in zip(whole.requests, pieces) {
            precondition(a.method == b.method && a.target == b.target && a.body == b.body && a.headers == b.headers,
                         "split input parsed differently")
        }
        precondition((whole.error == nil) == (failure == nil), "split input failed differently")
        var digest = whole.requests.count
        for request in whole.requests { digest = digest &* 31 &+ request.body.count &+ request.headers.fields.count }
        if let error = whole.error { digest = digest &+ error.status.rawValue }
        return digest
    }
}
