import BulwarkJSON
import Foundation
import HTTPServer
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

    @Test func readsTheLogFormatAndLevel() throws {
        let configuration = try ServiceConfiguration.load(file: try write(#"{"log":{"format":"json","level":"debug"}}"#))
        #expect(configuration.log.format == .json && configuration.log.level == .debug)
        #expect(ServiceConfiguration().log == LogConfiguration())
        #expect(throws: ConfigurationError.self) { try ServiceConfiguration.load(file: try write(#"{"log":{"format":"xml"}}"#)) }
        do {
            _ = try ServiceConfiguration.load(file: try write(#"{"log":{"level":"loud"}}"#))
            Issue.record("an unknown level was accepted")
        } catch {
            #expect("\(error)".contains("log.level: must be one of trace, debug, info, notice, warning, error, critical"), "\(error)")
        }
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

    @Test func readsTheClusterAndRefusesABadAdvertisedAddress() throws {
        let path = try write(#"{"cluster":{"shardCount":16,"leaseSeconds":4,"heartbeatSeconds":1,"advertiseAddress":"http://10.0.0.5:8080"}}"#)
        let cluster = try ServiceConfiguration.load(file: path).cluster
        #expect(cluster.shardCount == 16 && cluster.leaseSeconds == 4 && cluster.advertiseAddress == "http://10.0.0.5:8080")
        #expect(ServiceConfiguration().cluster.advertiseAddress == nil)
        for address in ["10.0.0.5:8080", "ftp://host:21", "http://", "http://host:8080/path", "http://user@host:8080", "http://host?x=1", ""] {
            #expect(ClusterConfiguration.advertiseAddressIssue(address) != nil, "\(address) was accepted")
            #expect { try ServiceConfiguration.load(file: try write(#"{"cluster":{"advertiseAddress":"\#(address)"}}"#)) } throws: {
                "\($0)".contains("cluster.advertiseAddress")
            }
        }
        #expect { try ServiceConfiguration.load(file: try write(#"{"cluster":{"advertiseAddress":8080}}"#)) } throws: { "\($0)".contains("cluster.advertiseAddress") }
        #expect(ClusterConfiguration.advertiseAddressIssue("https://risk-1.internal") == nil)
    }

    @Test func readsTheStressModelAndTheReplaysDepth() throws {
        // The example of docs/CALIBRATION.md, "Stress paths".
        let path = try write(#"""
            {"governance": {"stressModel": {"underlyings": {"XRP": {"annualVolatility": 1.1, "jumpsPerDay": 0.5,
                                                                   "jumpMean": -0.07, "jumpVolatility": 0.11}},
                                            "correlations": {"BTC/XRP": 0.65}},
                            "liquidationDepthPerStep": 1}}
            """#)
        let governance = try ServiceConfiguration.load(file: path).governance
        #expect(governance.stressModel.dynamics(of: "XRP").annualVolatility == 1.1)
        #expect(governance.stressModel.correlation("XRP", "BTC") == 0.65 && governance.stressModel.correlation("BTC", "ETH") == 0.80)
        #expect(governance.stressModel.underlyings["BTC"] == StressModel.defaults.underlyings["BTC"])
        #expect(governance.liquidationDepthPerStep == 1)
        for (text, needle) in [(#"{"governance":{"stressModel":{"correlations":{"BTC/ETH":1.5}}}}"#, "governance.stressModel.correlations.BTC/ETH"),
                               (#"{"governance":{"stressModel":{"underlyings":{"BTC":{"annualVolatility":-1}}}}}"#, "governance.stressModel.underlyings.BTC.annualVolatility"),
                               (#"{"governance":{"stressModel":{"drift":1}}}"#, "governance.stressModel.drift"),
                               (#"{"governance":{"stressModel":{"correlations":{"BTC/ETH":0.9,"BTC/SOL":0.9,"ETH/SOL":-0.9}}}}"#, "governance.stressModel.correlations: are not a correlation matrix"),
                               (#"{"governance":{"liquidationDepthPerStep":0}}"#, "governance.liquidationDepthPerStep")] {
            #expect { try ServiceConfiguration.load(file: try write(text)) } throws: { "\($0)".contains(needle) }
        }
    }

    /// The config file README.md shows is one the service reads.
    @Test func theReadmesConfigFileLoads() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Configuration")).upperBound
        let start = try #require(readme.range(of: "```json\n", range: section..<readme.endIndex)).upperBound
        let end = try #require(readme.range(of: "```", range: start..<readme.endIndex)).lowerBound
        let configuration = try ServiceConfiguration.load(file: try write(String(readme[start..<end])))
        #expect(configuration.governance.liquidationDepthPerStep == 1 && configuration.governance.stressModel.correlation("ETH", "BTC") == 0.8)
        #expect(configuration.parameters.initialMarginFactor == 1.3)
    }

    @Test func aVenueListsAnUnderlyingFromATemplateInTheConfig() throws {
        // The config docs/METHODOLOGY.md shows under "Listing an underlying".
        let path = try write(#"{"parameters": {"underlyings": {"XRP": {"inherits": "SOL", "cross": {"fallbackVolatility": 1.1}, "liquidity": {"marketDepth": 2000000}}}}}"#)
        let parameters = try ServiceConfiguration.load(file: path).parameters
        let xrp = try #require(parameters.underlyings["XRP"])
        let sol = try #require(RiskParameters.standardDefaults.underlyings["SOL"])
        #expect(xrp.cross.fallbackVolatility == 1.1 && xrp.liquidity.marketDepth == 2_000_000)
        // Everything else is SOL's, explicitly inherited.
        #expect(xrp.isolated == sol.isolated && xrp.portfolio == sol.portfolio && xrp.cross.standardDeviations == sol.cross.standardDeviations)
        // The docs' own instrument margins with it.
        let api = BulwarkAPI(parameters: parameters, now: { Timestamp(iso8601: "2026-03-01T08:00:00Z")! })
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        let body = #"{"mode": "isolated", "cash": 100, "positions": [{"instrument": "XRP_USDC-27MAR26-0d625-C", "size": -100, "markIv": 0.9}], "market": {"XRP": {"spot": 0.6}}}"#
        let response = api.router.handle(HTTPRequest(method: .post, target: "/v1/margin", headers: headers, body: Array(body.utf8)))
        #expect(response.status == .ok, "\(String(decoding: response.body, as: UTF8.self))")
        // A template that is not listed is named.
        let bad = try write(#"{"parameters": {"underlyings": {"XRP": {"inherits": "DOGE"}}}}"#)
        #expect { try ServiceConfiguration.load(file: bad) } throws: { "\($0)".contains("parameters.underlyings.XRP.inherits") }
        let unknownKey = try write(#"{"parameters": {"underlyings": {"XRP": {"inherits": "SOL", "crosss": {}}}}}"#)
        #expect { try ServiceConfiguration.load(file: unknownKey) } throws: { "\($0)".contains("parameters.underlyings.XRP.crosss") }
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
