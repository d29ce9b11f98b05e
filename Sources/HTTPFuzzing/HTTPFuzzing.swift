import HTTPServer

/// The body of the fuzz target, a library so tests can replay inputs through the same code.
public enum HTTPFuzzing {
    /// The fuzz target: stops the process (for the fuzzer to keep the input) when
    /// `disagreement` finds one. Returns a digest of the results so the optimizer cannot drop the work.
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> Int {
        let (digest, disagreement) = check(bytes)
        if let disagreement { preconditionFailure(disagreement) }
        return digest
    }

    /// How parsing `bytes` whole and in pieces disagree, nil when they agree (tests).
    public static func disagreement(_ bytes: [UInt8]) -> String? {
        check(bytes).disagreement
    }

    /// Feeds `bytes` to the request parser twice, whole and in pieces of varying size, and
    /// compares: splitting a stream must never change what it means.
    private static func check(_ bytes: [UInt8]) -> (digest: Int, disagreement: String?) {
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
        var digest = whole.requests.count
        for request in whole.requests { digest = digest &* 31 &+ request.body.count &+ request.headers.fields.count }
        if let error = whole.error { digest = digest &+ error.status.rawValue }
        guard whole.requests.count == pieces.count else {
            return (digest, "split input parsed to \(pieces.count) requests, whole to \(whole.requests.count)")
        }
        for (index, (a, b)) in zip(whole.requests, pieces).enumerated()
        where !(a.method == b.method && a.target == b.target && a.body == b.body && a.headers == b.headers) {
            return (digest, "split input parsed request \(index) differently")
        }
        guard (whole.error == nil) == (failure == nil) else {
            return (digest, "split input failed differently: whole \(String(describing: whole.error)), split \(String(describing: failure))")
        }
        return (digest, nil)
    }
}
