import BulwarkJSON
import Foundation
import HTTPServer
import PriceOracle
import RiskCore

/// What the service runs with: where it listens, where it keeps data, its HTTP limits
/// and its risk parameters. Built from the embedded defaults, a JSON config file and
/// the command line, in that order.
public struct ServiceConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var dataDirectory = "./data"
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
        guard let object = reader.object(root, "", allowed: ["server", "parameters", "oracle", "liquidation", "monitor", "auth", "attestation", "governance"]) else {
            throw ConfigurationError("config file \(path) must hold a JSON object")
        }
        if let server = reader.object(object["server"], "server", allowed: [
            "host", "port", "dataDir", "maxBodyBytes", "maxHeaderBytes", "maxHeaderCount", "maxRequestLineLength",
            "headerTimeoutSeconds", "bodyTimeoutSeconds", "idleTimeoutSeconds", "maxConnections",
            "maxQueuedRequests", "workerThreads", "eventLoops", "maxQueuedOutputBytes", "maxReadAheadBytes",
        ]) {
            if let host = reader.string(server["host"], "server.host") { configuration.host = host }
            if let port = reader.number(server["port"], "server.port") { configuration.port = Int(port) }
            if let dataDir = reader.string(server["dataDir"], "server.dataDir") { configuration.dataDirectory = dataDir }
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
            integer("maxBodyBytes") { configuration.limits.maxBodyBytes = $0 }
            integer("maxHeaderBytes") { configuration.limits.maxHeaderBytes = $0 }
            integer("maxHeaderCount") { configuration.limits.maxHeaderCount = $0 }
            integer("maxRequestLineLength") { configuration.limits.maxRequestLineLength = $0 }
            integer("maxConnections") { configuration.limits.maxConnections = $0 }
            integer("maxQueuedRequests") { configuration.limits.maxQueuedRequests = $0 }
            integer("workerThreads") { configuration.limits.workerThreads = $0 }
            integer("eventLoops") { configuration.limits.eventLoops = $0 }
            integer("maxQueuedOutputBytes") { configuration.limits.maxQueuedOutput = $0 }
            integer("maxReadAheadBytes") { configuration.limits.maxReadAhead = $0 }
            seconds("headerTimeoutSeconds") { configuration.limits.headerTimeout = $0 }
            seconds("bodyTimeoutSeconds") { configuration.limits.bodyTimeout = $0 }
            seconds("idleTimeoutSeconds") { configuration.limits.idleTimeout = $0 }
        }
        if let overrides = reader.object(object["parameters"], "parameters") {
            switch ParameterOverrides.apply(overrides, to: configuration.parameters, path: "parameters") {
            case .success(let parameters): configuration.parameters = parameters
            case .failure(.invalid(let issues)): issues.forEach { reader.fail($0.field, $0.reason) }
            case .failure: reader.fail("parameters", "could not be applied")
            }
        }
        if let liquidation = reader.object(object["liquidation"], "liquidation", allowed: [
            "targetRatio", "penaltyRate", "keeperShare", "gasCost", "socialization", "maximumSteps",
        ]) {
            var parameters = configuration.liquidation
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
            configuration.liquidation = parameters
        }
        if let monitor = reader.object(object["monitor"], "monitor", allowed: ["intervalSeconds", "heartbeatSeconds", "eventRetentionDays"]) {
            if let value = reader.number(monitor["intervalSeconds"], "monitor.intervalSeconds") {
                if value >= 0.01 && value <= 3_600 { configuration.monitorInterval = value } else {
                    reader.fail("monitor.intervalSeconds", "must be from 0.01 to 3600")
                }
            }
            if let value = reader.number(monitor["eventRetentionDays"], "monitor.eventRetentionDays") {
                if value >= 1 && value <= 36_500 { configuration.eventRetentionDays = value } else {
                    reader.fail("monitor.eventRetentionDays", "must be from 1 to 36500")
                }
            }
            if let value = reader.number(monitor["heartbeatSeconds"], "monitor.heartbeatSeconds") {
                if value >= 0.1 && value <= 3_600 { configuration.heartbeatSeconds = value } else {
                    reader.fail("monitor.heartbeatSeconds", "must be from 0.1 to 3600")
                }
            }
        }
        if let attestation = reader.object(object["attestation"], "attestation", allowed: ["keyFile"]) {
            configuration.attestationKeyFile = reader.string(attestation["keyFile"], "attestation.keyFile")
        }
        if object["governance"] != nil, let governance = GovernanceConfiguration.parse(object["governance"], &reader) {
            configuration.governance = governance
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

public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
