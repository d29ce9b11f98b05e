import BulwarkJSON
import Foundation
import Glibc
import HTTPServer
import PriceOracle
import RiskCore

/// The running service: the API on the HTTP server, stopped gracefully on SIGTERM or SIGINT.
public final class BulwarkApplication: Sendable {
    public let configuration: ServiceConfiguration
    public let server: HTTPServer
    public let api: BulwarkAPI
    public let oracle: PriceOracle?
    /// Held for the life of the process: no second service on the same data.
    private let ownership: DataDirectoryLock

    public init(configuration: ServiceConfiguration) throws {
        self.configuration = configuration
        let box = ServerBox()
        let oracle = configuration.oracle.isEmpty ? nil : PriceOracle(configuration: configuration.oracle, onSourceChange: { change in
            switch change {
            case .answering(let source): BulwarkApplication.log("bulwark: oracle source \(source) answers")
            case .failing(let source, let error):
                BulwarkApplication.log("bulwark: oracle source \(source) fails: \(error) (said once until it answers again)")
            }
        })
        self.oracle = oracle
        // The directory's lock first: nothing is read or written before this process owns it.
        let directory = try DataDirectory(path: configuration.dataDirectory)
        ownership = try directory.lock()
        let store = try AccountStore(in: directory)
        let signer = try AttestationSigner.loadOrCreate(path: configuration.attestationKeyFile
            ?? (directory.path as NSString).appendingPathComponent("attestation-ed25519.key"))
        let api = BulwarkAPI(parameters: configuration.parameters, connectionCount: { box.server?.openConnections ?? 0 },
                             oracle: oracle, store: store, liquidation: configuration.liquidation,
                             heartbeatSeconds: configuration.heartbeatSeconds,
                             access: AccessControl(keys: configuration.auth.keys,
                                                   anonymousRole: configuration.auth.anonymousRole(host: configuration.host),
                                                   anonymousRate: configuration.auth.anonymousRate),
                             signer: signer, governance: configuration.governance)
        try api.governance?.bootstrap()
        try api.monitor?.load()
        self.api = api
        let router = api.router
        self.server = try HTTPServer(host: configuration.host, port: configuration.port, limits: configuration.limits,
                                     handler: { router.handle($0) })
        box.server = server
    }

    /// Serves until SIGTERM or SIGINT, then finishes requests in flight and returns.
    public func run() {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let queue = DispatchQueue(label: "bulwark.signals")
        let sources = [SIGTERM, SIGINT].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
        let server = self.server
        for source in sources {
            source.setEventHandler { server.stop() }
            source.resume()
        }
        oracle?.start()
        api.monitor?.start(interval: configuration.monitorInterval, eventRetention: configuration.eventRetentionDays * 86_400)
        server.start()
        let anonymous = configuration.auth.anonymousRole(host: configuration.host)?.rawValue ?? "none"
        Self.log("bulwark \(BulwarkVersion.current) listening on http://\(configuration.host):\(server.port) (parameters \(api.registry.current.parameters.version); "
            + "scenario kernel \(api.registry.current.profiles.standard.kernel.name); "
            + "\(configuration.auth.keys.count) API key\(configuration.auth.keys.count == 1 ? "" : "s"), anonymous access: \(anonymous); "
            + (oracle.map { "oracle polling \($0.health().count) sources for \($0.assets.joined(separator: ", ")); none has answered yet" }
               ?? "oracle disabled") + ")")
        server.waitUntilStopped()
        api.monitor?.stop()
        oracle?.stop()
        sources.forEach { $0.cancel() }
        Self.log("bulwark stopped")
    }

    private static func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// Lets the API read the server's connection count though the server is built after it.
private final class ServerBox: @unchecked Sendable {
    // Written once during init, before any request can read it.
    var server: HTTPServer?
}
