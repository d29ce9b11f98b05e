import ArgumentParser
import BulwarkService
import Foundation
import Logging

@main
struct Bulwark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulwark",
        abstract: "Risk engine for leveraged crypto options venues: maintenance margin, over HTTP.",
        version: BulwarkVersion.current,
        subcommands: [Serve.self, Key.self],
        defaultSubcommand: Serve.self
    )
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP service (the default command).")

    @Option(help: "Address to listen on; env BULWARK_HOST. Default 127.0.0.1.")
    var host: String?

    @Option(help: "Port to listen on; env BULWARK_PORT. Default 8080.")
    var port: Int?

    @Option(name: .customLong("data-dir"), help: "Directory for stored data; env BULWARK_DATA_DIR. Default ./data.")
    var dataDir: String?

    @Option(help: "JSON config file (server settings and parameter overrides); env BULWARK_CONFIG.")
    var config: String?

    @Option(name: .customLong("instance-id"), help: "This instance's name in the cluster; env BULWARK_INSTANCE_ID. Default: host name and port.")
    var instanceID: String?

    @Option(name: .customLong("advertise-address"),
            help: "Where the other instances reach this one, http://HOST:PORT; env BULWARK_ADVERTISE_ADDRESS. Default: the listening address.")
    var advertiseAddress: String?

    @Option(help: "A shared PostgreSQL store, postgresql://USER[:PASSWORD]@HOST:PORT/DB; env BULWARK_STORE. Default: SQLite in the data directory.")
    var store: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        var configuration = ServiceConfiguration()
        if let path = config ?? environment["BULWARK_CONFIG"] {
            do {
                configuration = try ServiceConfiguration.load(file: path)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        if let host = host ?? environment["BULWARK_HOST"] { configuration.host = host }
        if let port = port ?? environment["BULWARK_PORT"].flatMap(Int.init) { configuration.port = port }
        if let dataDir = dataDir ?? environment["BULWARK_DATA_DIR"] { configuration.dataDirectory = dataDir }
        if let id = instanceID ?? environment["BULWARK_INSTANCE_ID"] {
            guard Identifier.isValid(id) else { throw ValidationError("--instance-id \(Identifier.rule)") }
            configuration.instanceID = id
        }
        if let address = advertiseAddress ?? environment["BULWARK_ADVERTISE_ADDRESS"] {
            if let issue = ClusterConfiguration.advertiseAddressIssue(address) { throw ValidationError("--advertise-address \(issue)") }
            configuration.cluster.advertiseAddress = address
        }
        if let text = store ?? environment["BULWARK_STORE"] {
            switch PostgreSQLURL.parse(text) {
            case .success(let url): configuration.store = url
            case .failure(let error): throw ValidationError("--store \(error.reason)")
            }
        }
        guard (0...65_535).contains(configuration.port) else { throw ValidationError("port must be from 0 to 65535") }
        let log = configuration.log
        LoggingSystem.bootstrap { label in StderrLogHandler(logLevel: log.level, label: label, format: log.format) }
        let logger = Logger(label: "bulwark")
        let application: BulwarkApplication
        do {
            application = try BulwarkApplication(configuration: configuration, logger: logger)
        } catch {
            // Not a usage error: say why, without the usage text, and exit non-zero.
            logger.critical("cannot start: \(error)")
            throw ExitCode.failure
        }
        application.run()
    }
}

struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create an API key: prints the bearer token once and the entry for the config's auth.keys.")

    @Option(help: "The key's id (letters, digits, '-', '_', '.', ':').")
    var id: String

    @Option(help: "reader, exchange, risk or admin.")
    var role: String

    // Checked here rather than in run(), so a bad value shows this command's usage.
    func validate() throws {
        guard Role(rawValue: role) != nil else { throw ValidationError("role must be reader, exchange, risk or admin") }
        guard Identifier.isValid(id) else { throw ValidationError("id \(Identifier.rule)") }
    }

    func run() throws {
        let (token, hash) = APIKey.generateToken()
        print("token (shown once; the service keeps only its hash): \(token)")
        print("config entry for \"auth\": {\"keys\": [...]}:")
        print("{\"id\": \"\(id)\", \"role\": \"\(role)\", \"sha256\": \"\(hash)\"}")
    }
}
