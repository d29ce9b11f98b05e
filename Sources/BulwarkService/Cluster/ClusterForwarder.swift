import BulwarkJSON
import Foundation
import HTTPServer
import PriceOracle
import Synchronization

/// Sends a request to the instance that holds its account (docs/SCALING.md, "Any instance
/// answers"): an owner-only write, or a read of what only the owner's monitor has, is
/// forwarded with the client's own header fields and body, and the owner's answer relayed.
///
/// A forwarded request carries `Bulwark-Forwarded-By`; an instance never forwards such a
/// request again, so two instances with different views of the leases cannot bounce one.
struct ClusterForwarder: Sendable {
    let membership: ClusterMembership
    var client: CurlClient = {
        var client = CurlClient()
        client.connectTimeout = 1
        client.totalTimeout = 15
        client.userAgent = "bulwark-forward/\(BulwarkVersion.current)"
        client.maxBodyBytes = 64 * 1024 * 1024
        return client
    }()

    static let forwardedBy = "Bulwark-Forwarded-By"
    /// On a relayed answer: the instance that made it.
    static let servedBy = "Bulwark-Served-By"

    /// Fields about this hop, not the request: never passed on.
    private static let hopFields: Set<String> = ["host", "connection", "keep-alive", "transfer-encoding", "te", "upgrade", "content-length",
                                                 "expect", "accept-encoding", "content-encoding", "date", "server", "x-request-id"]

    /// Whether the request came from another instance (and so is answered here, whatever this instance holds).
    static func isForwarded(_ request: HTTPRequest) -> Bool { request.headers.contains(forwardedBy) }

    /// The owner's answer to a request about `accountID` when another instance holds it and
    /// the request did not come from one; nil to answer here (this instance holds it, or no
    /// owner can be reached: the caller's own path then says what it can).
    func toOwner(of accountID: String, _ request: HTTPRequest) -> HTTPResponse? {
        guard !Self.isForwarded(request), let owner = membership.peer(holding: accountID) else { return nil }
        return forward(request, to: owner)
    }

    /// A read of the whole book: the request as every other live instance answers it for the
    /// accounts it holds (their JSON answers), and the shards none of them answered for
    /// (nobody holds them, or their holder could not be reached or failed): the caller
    /// margins those accounts itself.
    func gatherBook(_ request: HTTPRequest) -> (answers: [JSONValue], unanswered: Set<Int>) {
        let peers = membership.peers
        var answers: [JSONValue] = []
        var answered = membership.shards
        for (peer, answer) in zip(peers, gather(request, from: peers)) {
            guard let answer, answer.status == .ok, let body = try? JSONParser.parse(answer.body) else { continue }
            answers.append(body)
            answered.formUnion(peer.shards)
        }
        return (answers, Set(0..<membership.map.shardCount).subtracting(answered))
    }

    /// The request as each of `instances` answers it, asked all at once: what a read of the
    /// whole book merges (nil for an instance that could not be reached).
    func gather(_ request: HTTPRequest, from instances: [ClusterView.Instance]) -> [HTTPResponse?] {
        let answers = Mutex([HTTPResponse?](repeating: nil, count: instances.count))
        DispatchQueue.concurrentPerform(iterations: instances.count) { index in
            let answer = forward(request, to: instances[index])
            answers.withLock { $0[index] = answer }
        }
        return answers.withLock { $0 }
    }

    /// The request as `instance` answers it; nil when it cannot be reached (the caller decides
    /// what to do without it). `target` replaces the request's path and query.
    func forward(_ request: HTTPRequest, to instance: ClusterView.Instance, target: String? = nil) -> HTTPResponse? {
        guard let address = instance.address else { return nil }
        var headers = request.headers.filter { !Self.hopFields.contains($0.name.lowercased()) }.map { "\($0.name): \($0.value)" }
        headers.append("\(Self.forwardedBy): \(membership.instanceID)")
        let hasBody = !request.body.isEmpty || [.post, .put, .patch].contains(request.method)
        // A HEAD goes as a GET: this server drops the body of its answer to the HEAD itself.
        let result = client.request(request.method == .head ? "GET" : request.method.rawValue, address + (target ?? request.target), headers: headers,
                                    body: hasBody ? request.body : nil)
        guard result.transportError == nil, result.status >= 100 else { return nil }
        var response = HTTPResponse(status: HTTPStatus(result.status), body: result.body)
        for field in result.headers where !Self.hopFields.contains(field.name.lowercased()) { response.headers.add(field.name, field.value) }
        if !response.headers.contains(Self.servedBy) { response.headers.add(Self.servedBy, instance.id) }
        return response
    }
}
