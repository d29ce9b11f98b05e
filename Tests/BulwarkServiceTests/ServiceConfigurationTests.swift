import BulwarkJSON
import Foundation
import Testing
@testable import BulwarkService
import RiskCore

@Suite struct ServiceConfigurationTests {
    private func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-config-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func readsServerSettingsAndParameterOverrides() throws {
        let path = try write(#"{"server":{"port":9090,"host":"0.0.0.0","maxBodyBytes":2048,"headerTimeoutSeconds":5},"parameters":{"initialMarginFactor":1.5,"underlyings":{"BTC":{"cross":{"standardDeviations":4}}}}}"#)
        let configuration = try ServiceConfiguration.load(file: path)
        #expect(configuration.port == 9090 && configuration.host == "0.0.0.0")
        #expect(configuration.limits.maxBodyBytes == 2048 && configuration.limits.headerTimeout == 5)
        #expect(configuration.parameters.initialMarginFactor == 1.5)
        #expect(configuration.parameters.underlyings["BTC"]!.cross.standardDeviations == 4)
        #expect(configuration.parameters.underlyings["ETH"] == RiskParameters.standardDefaults.underlyings["ETH"])
        #expect(configuration.parameters.version != RiskParameters.standardDefaults.version)
    }

    @Test func readsTheHandlerPoolAndPerConnectionBounds() throws {
        let path = try write(#"{"server":{"workerThreads":6,"maxQueuedRequests":50,"maxQueuedOutputBytes":131072,"maxReadAheadBytes":8192}}"#)
        let limits = try ServiceConfiguration.load(file: path).limits
        #expect(limits.workerThreads == 6 && limits.maxQueuedRequests == 50)
        #expect(limits.maxQueuedOutput == 131_072 && limits.maxReadAhead == 8192)
        for (text, needle) in [(#"{"server":{"workerThreads":0}}"#, "server.workerThreads"),
                               (#"{"server":{"maxQueuedRequests":-5}}"#, "server.maxQueuedRequests"),
                               (#"{"server":{"maxReadAheadBytes":1.5}}"#, "server.maxReadAheadBytes"),
                               (#"{"server":{"maxQueuedOutputBytes":"big"}}"#, "server.maxQueuedOutputBytes")] {
            #expect { try ServiceConfiguration.load(file: try write(text)) } throws: { "\($0)".contains(needle) }
        }
    }

    @Test func readsTheLiquidationEngineAndMonitorSettings() throws {
        let path = try write(#"{"liquidation":{"targetRatio":1.25,"penaltyRate":0.02,"keeperShare":0.3,"gasCost":12,"socialization":"pro-rata","maximumSteps":8},"monitor":{"intervalSeconds":1,"heartbeatSeconds":5}}"#)
        let configuration = try ServiceConfiguration.load(file: path)
        #expect(configuration.liquidation.targetRatio == 1.25 && configuration.liquidation.penaltyRate == 0.02)
        #expect(configuration.liquidation.keeperShare == 0.3 && configuration.liquidation.gasCost == 12)
        #expect(configuration.liquidation.socialization == .proRata && configuration.liquidation.maximumSteps == 8)
        #expect(configuration.monitorInterval == 1 && configuration.heartbeatSeconds == 5)
    }

    @Test func refusesUnknownKeysAndBadValuesByName() throws {
        for (text, needle) in [(#"{"server":{"prot":1}}"#, "server.prot"),
                               (#"{"parameters":{"initialMarginFactor":-1}}"#, "parameters.initialMarginFactor"),
                               (#"{"server":{"maxBodyBytes":0}}"#, "server.maxBodyBytes"),
                               (#"{"liquidation":{"targetRatio":0.5}}"#, "liquidation.targetRatio"),
                               (#"{"liquidation":{"socialization":"lottery"}}"#, "liquidation.socialization"),
                               (#"{"liquidation":{"penalty":1}}"#, "liquidation.penalty"),
                               (#"{"monitor":{"intervalSeconds":0}}"#, "monitor.intervalSeconds"),
                               ("not json", "not valid JSON")] {
            let path = try write(text)
            do {
                _ = try ServiceConfiguration.load(file: path)
                Issue.record("accepted \(text)")
            } catch {
                #expect("\(error)".contains(needle), "\(error)")
            }
        }
        #expect(throws: ConfigurationError.self) { try ServiceConfiguration.load(file: "/nonexistent/bulwark.json") }
    }
}
