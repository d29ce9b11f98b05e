import BulwarkService
import Foundation
import Glibc
import HTTPServer
import Logging
import PriceOracle

/// The running service, wired from the configuration: the data directory and its lock, the
/// store, the oracle, the API (with its monitor and governance) and the HTTP server; stopped
/// gracefully on SIGTERM or SIGINT.
final class BulwarkApplication: Sendable {
    let configuration: ServiceConfiguration
    let server: HTTPServer
    let api: BulwarkAPI
    let oracle: PriceOracle?
    let logger: Logger
    /// Held for the life of the process: no second service on the same data.
    private let ownership: DataDirectoryLock

    init(configuration: ServiceConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let box = ServerBox()
        let oracle = configuration.oracle.isEmpty ? nil : PriceOracle(configuration: configuration.oracle, onSourceChange: { change in
            switch change {
            case .answering(let source): logger.info("oracle source answers", metadata: ["source": "\(source)"])
            case .failing(let source, let error):
                logger.warning("oracle source fails (said once until it answers again)", metadata: ["source": "\(source)", "error": "\(error)"])
            }
        })
        self.oracle = oracle
        // The directory's lock first: nothing is read or written before this process owns it.
        let directory = try DataDirectory(path: configuration.dataDirectory)
        ownership = try directory.lock()
        let store: any Store = if let url = configuration.store {
            // Half the lease: a writer frozen with the write lock stalls the others for less
            // than a lease, so the live instances keep theirs (docs/SCALING.md).
            try PostgreSQLStore(url: url, idleInTransactionSeconds: min(5, configuration.cluster.leaseSeconds / 2), logger: logger)
        } else {
            try SQLiteStore(in: directory)
        }
        logger.info("store", metadata: ["store": "\(configuration.store.map(\.description) ?? "sqlite in \(directory.path)")"])
        let host = ProcessInfo.processInfo.hostName
        let instanceID = configuration.instanceID
            ?? (configuration.port == 0 ? "\(host):pid\(ProcessInfo.processInfo.processIdentifier)" : "\(host):\(configuration.port)")
        let membership = ClusterMembership(instanceID: instanceID, configuration: configuration.cluster, store: store,
                                           shared: configuration.store != nil, logger: logger)
        let signer = try AttestationSigner.loadOrCreate(path: configuration.attestationKeyFile
            ?? (directory.path as NSString).appendingPathComponent("attestation-ed25519.key"))
        let api = BulwarkAPI(parameters: configuration.parameters, connectionCount: { box.server?.openConnections ?? 0 },
                             oracle: oracle, store: store, liquidation: configuration.liquidation,
                             heartbeatSeconds: configuration.heartbeatSeconds,
                             access: AccessControl(keys: configuration.auth.keys,
                                                   anonymousRole: configuration.auth.anonymousRole(host: configuration.host),
                                                   anonymousRate: configuration.auth.anonymousRate),
                             signer: signer, governance: configuration.governance, prices: configuration.prices, cluster: membership,
                             logger: logger)
        self.api = api
        let router = api.router
        // Bound here, served from run(): the port is known before the first heartbeat.
        self.server = try HTTPServer(host: configuration.host, port: configuration.port, limits: configuration.limits,
                                     handler: { router.handle($0) })
        box.server = server
        // The others forward this instance's accounts' requests here (docs/SCALING.md).
        let listening = ["0.0.0.0", "::", ""].contains(configuration.host) ? host
            : configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        membership.advertise(configuration.cluster.advertiseAddress ?? "http://\(listening):\(server.port)")
        try api.load()
    }

    /// Serves until SIGTERM or SIGINT, then finishes requests in flight and returns.
    func run() {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let queue = DispatchQueue(label: "bulwark.signals")
        let sources = [SIGTERM, SIGINT].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
        let server = self.server
        for source in sources {
            source.setEventHandler { server.stop() }
            source.resume()
        }
        // The feeds are polled by the price publisher alone on a shared store (docs/SCALING.md).
        if let oracle, let membership = api.monitor?.membership, membership.shared {
            membership.onPublisherChange { publishes in publishes ? oracle.start() : oracle.stop() }
            if membership.isPricePublisher { oracle.start() }
        } else {
            oracle?.start()
        }
        api.monitor?.start(interval: configuration.monitorInterval, eventRetention: configuration.eventRetentionDays * 86_400)
        server.start()
        let anonymous = configuration.auth.anonymousRole(host: configuration.host)?.rawValue ?? "none"
        logger.info("bulwark \(BulwarkVersion.current) listening on http://\(configuration.host):\(server.port)", metadata: [
            "parameters": "\(api.registry.current.parameters.version)",
            "scenarioKernel": "\(api.registry.current.kernelName)",
            "apiKeys": "\(configuration.auth.keys.count) API key\(configuration.auth.keys.count == 1 ? "" : "s")",
            "anonymousAccess": "\(anonymous)",
            "oracle": "\(oracle.map { "polling \($0.health().count) sources for \($0.assets.joined(separator: ", ")); none has answered yet" } ?? "disabled")",
        ])
        server.waitUntilStopped()
        api.monitor?.stop()
        // Frees this instance's shards for the others at once rather than at the lease's end.
        api.shutdown()
        oracle?.stop()
        sources.forEach { $0.cancel() }
        logger.info("bulwark stopped")
    }
}

/// Lets the API read the server's connection count though the server is built after it.
private final class ServerBox: @unchecked Sendable {
    // Written once during init, before any request can read it.
    var server: HTTPServer?
}
