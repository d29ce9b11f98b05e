import HTTPServer

/// Thrown out of a write transaction to roll it back and answer with the problem.
struct RollBack: Error {
    let response: HTTPResponse
}
