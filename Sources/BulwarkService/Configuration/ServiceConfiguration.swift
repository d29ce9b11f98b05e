import BulwarkJSON
import Foundation
import HTTPServer
import Logging
import PriceOracle
import RiskCore

/// What the service runs with: where it listens, where it keeps data, its HTTP limits
/// and its risk parameters. Built from the embedded defaults, a JSON config file and
/// the command line, in that order.
public struct ServiceConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var dataDirectory = "./data"
    /// The shared store (`postgresql://...`); nil: SQLite in `dataDirectory`.
    public var store: PostgreSQLURL?
    /// This instance's name in the cluster; nil: host name and port.
    public var instanceID: String?
    public var cluster = ClusterConfiguration()
    public var limits = HTTPLimits()
    public var parameters = RiskParameters.standardDefaults
    /// The price feeds; empty when disabled (`"oracle": {"enabled": false}`).
    public var oracle = OracleConfiguration.embeddedDefault
    /// How the liquidation engine plans and charges (docs/LIQUIDATION.md).
    public var liquidation = LiquidationParameters()
    /// Seconds between the health monitor's price ticks.
    public var monitorInterval = 0.25
    /// Seconds between comment heartbeats on an idle event stream.
    public var heartbeatSeconds = 15.0
    /// Events older than this many days are dropped.
    public var eventRetentionDays = 30.0
    /// API keys, anonymous access and rate limits.
    public var auth = AuthConfiguration()
    /// The council, quorums, timelock and backtest size for parameter changes.
    public var governance = GovernanceConfiguration()
    /// The attestation signing key's file; `attestation-ed25519.key` in the data directory when unset.
    public var attestationKeyFile: String?
    /// How the service logs: format and level.
    public var log = LogConfiguration()
    /// The venue's posted prices against the feeds': precedence and staleness.
    public var prices = PriceConfiguration()

    public init() {}

    /// Reads a config file: `{"server": {...}, "parameters": {...}}`, parameters being
    /// partial overrides of the embedded defaults, in the shape of `GET /` parameters.
    public static func load(file path: String) throws -> ServiceConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read config file \(path)")
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(Array(data))
        } catch {
            throw ConfigurationError("config file \(path) is not valid JSON: \(error)")
        }
        var configuration = ServiceConfiguration()
        var reader = FieldReader()
        guard let object = reader.object(root, "", allowed: ["server", "parameters", "oracle", "liquidation", "monitor", "auth", "attestation", "governance", "log", "prices", "store", "cluster", "instanceId"]) else {
            throw ConfigurationError("config file \(path) must hold a JSON object")
        }
        configuration.readServer(object["server"], &reader)
        if object["cluster"] != nil, let cluster = ClusterConfiguration.parse(object["cluster"], &reader) { configuration.cluster = cluster }
        if let id = reader.string(object["instanceId"], "instanceId") {
            if Identifier.isValid(id) { configuration.instanceID = id } else { reader.fail("instanceId", Identifier.rule) }
        }
        if let text = reader.string(object["store"], "store") {
            switch PostgreSQLURL.parse(text) {
            case .success(let url): configuration.store = url
            case .failure(let error): reader.fail("store", error.reason)
            }
        }
        if let overrides = reader.object(object["parameters"], "parameters") {
            switch ParameterOverrides.apply(overrides, to: configuration.parameters, path: "parameters") {
            case .success(let parameters): configuration.parameters = parameters
            case .failure(.invalid(let issues)): issues.forEach { reader.fail($0.field, $0.reason) }
            case .failure: reader.fail("parameters", "could not be applied")
            }
        }
        configuration.readLiquidation(object["liquidation"], &reader)
        configuration.readMonitor(object["monitor"], &reader)
        if object["log"] != nil, let log = LogConfiguration.parse(object["log"], &reader) { configuration.log = log }
        if object["prices"] != nil, let prices = PriceConfiguration.parse(object["prices"], &reader) { configuration.prices = prices }
        if let attestation = reader.object(object["attestation"], "attestation", allowed: ["keyFile"]) {
            configuration.attestationKeyFile = reader.string(attestation["keyFile"], "attestation.keyFile")
        }
        if object["governance"] != nil, let governance = GovernanceConfiguration.parse(object["governance"], &reader) {
            configuration.governance = governance
        }
        let underlyings = configuration.parameters.underlyings.keys.sorted()
        if configuration.governance.stressModel.matrix(of: underlyings).cholesky() == nil {
            reader.fail("governance.stressModel.correlations",
                        "are not a correlation matrix over \(underlyings.joined(separator: ", ")): they must be positive definite")
        }
        if object["auth"] != nil, let auth = AuthConfiguration.parse(object["auth"], &reader) { configuration.auth = auth }
        if let oracle = object["oracle"] {
            switch OracleConfiguration.parse(oracle) {
            case .success(let parsed): configuration.oracle = parsed
            case .failure(let error): error.problems.forEach { reader.fail("oracle", $0) }
            }
        }
        guard reader.issues.isEmpty else {
            throw ConfigurationError("config file \(path): " + reader.issues.map(\.description).joined(separator: "; "))
        }
        return configuration
    }
}

extension ServiceConfiguration {
    private mutating func readServer(_ value: JSONValue?, _ reader: inout FieldReader) {
        if let server = reader.object(value, "server", allowed: [
            "host", "port", "dataDir", "maxBodyBytes", "maxHeaderBytes", "maxHeaderCount", "maxRequestLineLength",
            "headerTimeoutSeconds", "bodyTimeoutSeconds", "idleTimeoutSeconds", "maxConnections",
            "maxQueuedRequests", "workerThreads", "eventLoops", "maxQueuedOutputBytes", "maxReadAheadBytes",
        ]) {
            if let host = reader.string(server["host"], "server.host") { self.host = host }
            if let port = reader.number(server["port"], "server.port") { self.port = Int(port) }
            if let dataDir = reader.string(server["dataDir"], "server.dataDir") { self.dataDirectory = dataDir }
            func integer(_ key: String, _ apply: (Int) -> Void) {
                if let value = reader.number(server[key], "server.\(key)") {
                    if value >= 1 && value <= 1e9 && value == value.rounded() { apply(Int(value)) } else {
                        reader.fail("server.\(key)", "must be a whole number from 1 to 1e9")
                    }
                }
            }
            func seconds(_ key: String, _ apply: (Double) -> Void) {
                if let value = reader.number(server[key], "server.\(key)") {
                    if value > 0 && value <= 86_400 { apply(value) } else { reader.fail("server.\(key)", "must be from 0 to 86400 seconds") }
                }
            }
            integer("maxBodyBytes") { self.limits.maxBodyBytes = $0 }
            integer("maxHeaderBytes") { self.limits.maxHeaderBytes = $0 }
            integer("maxHeaderCount") { self.limits.maxHeaderCount = $0 }
            integer("maxRequestLineLength") { self.limits.maxRequestLineLength = $0 }
            integer("maxConnections") { self.limits.maxConnections = $0 }
            integer("maxQueuedRequests") { self.limits.maxQueuedRequests = $0 }
            integer("workerThreads") { self.limits.workerThreads = $0 }
            integer("eventLoops") { self.limits.eventLoops = $0 }
            integer("maxQueuedOutputBytes") { self.limits.maxQueuedOutput = $0 }
            integer("maxReadAheadBytes") { self.limits.maxReadAhead = $0 }
            seconds("headerTimeoutSeconds") { self.limits.headerTimeout = $0 }
            seconds("bodyTimeoutSeconds") { self.limits.bodyTimeout = $0 }
            seconds("idleTimeoutSeconds") { self.limits.idleTimeout = $0 }
        }
    }

    private mutating func readLiquidation(_ value: JSONValue?, _ reader: inout FieldReader) {
        if let liquidation = reader.object(value, "liquidation", allowed: [
            "targetRatio", "penaltyRate", "keeperShare", "gasCost", "socialization", "maximumSteps",
        ]) {
            var parameters = self.liquidation
            if let value = reader.number(liquidation["targetRatio"], "liquidation.targetRatio") { parameters.targetRatio = value }
            if let value = reader.number(liquidation["penaltyRate"], "liquidation.penaltyRate") { parameters.penaltyRate = value }
            if let value = reader.number(liquidation["keeperShare"], "liquidation.keeperShare") { parameters.keeperShare = value }
            if let value = reader.number(liquidation["gasCost"], "liquidation.gasCost") { parameters.gasCost = value }
            if let value = reader.number(liquidation["maximumSteps"], "liquidation.maximumSteps") {
                if value == value.rounded() && abs(value) < 1e9 { parameters.maximumSteps = Int(value) } else {
                    reader.fail("liquidation.maximumSteps", "must be a whole number")
                }
            }
            if let value = reader.oneOf(liquidation["socialization"], "liquidation.socialization", SocializationMethod.self) {
                parameters.socialization = value
            }
            for issue in parameters.validationIssues() { reader.fail("liquidation.\(issue.field)", issue.reason) }
            self.liquidation = parameters
        }
    }

    private mutating func readMonitor(_ value: JSONValue?, _ reader: inout FieldReader) {
        if let monitor = reader.object(value, "monitor", allowed: ["intervalSeconds", "heartbeatSeconds", "eventRetentionDays"]) {
            if let value = reader.number(monitor["intervalSeconds"], "monitor.intervalSeconds") {
                if value >= 0.01 && value <= 3_600 { self.monitorInterval = value } else {
                    reader.fail("monitor.intervalSeconds", "must be from 0.01 to 3600")
                }
            }
            if let value = reader.number(monitor["eventRetentionDays"], "monitor.eventRetentionDays") {
                if value >= 1 && value <= 36_500 { self.eventRetentionDays = value } else {
                    reader.fail("monitor.eventRetentionDays", "must be from 1 to 36500")
                }
            }
            if let value = reader.number(monitor["heartbeatSeconds"], "monitor.heartbeatSeconds") {
                if value >= 0.1 && value <= 3_600 { self.heartbeatSeconds = value } else {
                    reader.fail("monitor.heartbeatSeconds", "must be from 0.1 to 3600")
                }
            }
        }
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
