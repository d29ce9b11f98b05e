import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService

/// Derive's published PMRM_2 cases through POST /v1/margin: MM = equity - maintenanceMargin
/// and IM = equity - initialMargin within 1e-6 relative (fixture made by scripts/derive_cases_to_fixture.py).
@Suite struct DerivePMRM2RouteTests {
    static func cases() throws -> [DeriveCase] { try DeriveCase.load("derive_pmrm2_cases") }

    @Test func fixtureHoldsTheSeventeenCases() throws {
        #expect(try DerivePMRM2RouteTests.cases().count == 17)
    }

    @Test(arguments: try cases())
    func matchesDerive(_ derive: DeriveCase) throws {
        let (body, _) = try derive.postAndMatch()
        #expect(body["methodology"]?["profile"]?.string == "derive-pmrm2")
        #expect((body["breakdown"]?["scenarios"]?.array?.count ?? 0) > 0)
    }
}

/// The two classes of PMRM_2 cases the published samples do not cover, with figures that
/// follow from the method (../shared/derive-pmrm2/README.md), on the naked short call of
/// the first published case.
@Suite struct DerivePMRM2MethodTests {
    /// The first published case's request, its parameters edited, and a perpetual of `perp`.
    static func request(perp: Double? = nil, asOf: String? = nil, _ edit: (inout JSONObject) -> Void) throws -> String {
        let base = try #require(try DerivePMRM2RouteTests.cases().first { $0.name == "test_12_risk_cancelling_naked_short_call" })
        guard case .object(var request) = try JSONParser.parse(Array(base.request.utf8)),
              case .object(var methodology)? = request["methodology"],
              case .object(var parameters)? = methodology["parameters"] else { throw ServiceError("unexpected case shape") }
        edit(&parameters)
        methodology["parameters"] = .object(parameters)
        request["methodology"] = .object(methodology)
        if let perp, case .array(var positions)? = request["positions"] {
            positions.append(.object(JSONObject([("instrument", .string("BTC-PERPETUAL")), ("size", .number(perp))])))
            request["positions"] = .array(positions)
        }
        if let asOf { request["asOf"] = .string(asOf) }
        return String(decoding: JSONWriter.encode(.object(request)), as: UTF8.self)
    }

    static func skewOnly(_ spotShock: Double, damping: Double = 1) -> (inout JSONObject) -> Void {
        { parameters in
            parameters["Scenarios"] = .array([.object(JSONObject([("SpotShock", .number(spotShock)), ("VolShockDirection", .string("LINEAR")),
                                                                 ("DampeningFactor", .number(damping))]))])
        }
    }

    static func set(_ group: String, _ key: String, _ value: Double) -> (inout JSONObject) -> Void {
        { parameters in
            guard case .object(var members)? = parameters[group] else { return }
            members[key] = .number(value)
            parameters[group] = .object(members)
        }
    }

    func scenarioPnl(_ body: String) throws -> Double {
        let (response, json) = APIClient().post("/v1/margin", body)
        #expect(response.status == .ok, "\(String(decoding: response.body, as: UTF8.self))")
        return try #require(json?["breakdown"]?["scenarios"]?[0]?["pnl"]?.double)
    }

    @Test func aSkewScenarioRevaluesOptionsAtTheUnshockedForwardAndMovesOnlyThePerps() throws {
        // Options alone: the scenario's spot shock does not move them.
        let flat = try scenarioPnl(try Self.request(Self.skewOnly(1)))
        let shocked = try scenarioPnl(try Self.request(Self.skewOnly(0.8)))
        #expect(flat < 0 && shocked == flat)
        // A perpetual of 0.5 adds 0.5 x (0.8 - 1) x the perp price (the spot), damped like the options.
        let spot = 95_663.50604855
        let withPerp = try scenarioPnl(try Self.request(perp: 0.5, Self.skewOnly(0.8)))
        #expect(abs(withPerp - (flat + 0.5 * (0.8 - 1) * spot)) <= 1e-9 * abs(withPerp))
        let damped = try scenarioPnl(try Self.request(perp: 0.5, Self.skewOnly(0.8, damping: 0.5)))
        #expect(abs(damped - 0.5 * (flat + 0.5 * (0.8 - 1) * spot)) <= 1e-9 * abs(damped))
    }

    @Test func zeroMinKStarAndDteFloorAreValidValues() throws {
        func margin(_ body: String) throws -> (Double, Double) {
            let (response, json) = APIClient().post("/v1/margin", body)
            #expect(response.status == .ok, "\(String(decoding: response.body, as: UTF8.self))")
            return (try #require(json?["maintenanceMargin"]?.double), try #require(json?["initialMargin"]?.double))
        }
        // kStar comes from the width term alone once MIN_K_STAR is below it: 0 and 1e-12 agree.
        let zeroK = try margin(try Self.request(Self.set("SkewShock", "MIN_K_STAR", 0)))
        let tinyK = try margin(try Self.request(Self.set("SkewShock", "MIN_K_STAR", 1e-12)))
        #expect(zeroK == tinyK)
        // With nine days to expiry a floor of 0 days and one of a millisecond leave t30 the same.
        let zeroFloor = try margin(try Self.request(Self.set("VolShock", "DTE_FLOOR", 0)))
        let tinyFloor = try margin(try Self.request(Self.set("VolShock", "DTE_FLOOR", 1e-8)))
        #expect(zeroFloor == tinyFloor)
    }

    @Test func onlyADivisionByZeroIsRefusedNamingTheParameter() throws {
        // kStar = max(0, sqrt(tau) x 0 x volParam) = 0.
        let noWidth = try Self.request { parameters in
            Self.set("SkewShock", "MIN_K_STAR", 0)(&parameters)
            Self.set("SkewShock", "MIN_WIDTH_SCALE", 0)(&parameters)
        }
        let (kResponse, kProblem) = APIClient().post("/v1/margin", noWidth)
        #expect(kResponse.status == .unprocessableContent)
        #expect(kProblem?.problemErrors["methodology.parameters.SkewShock.MIN_K_STAR"] != nil)
        // An option at its expiry (within the settlement grace) with DTE_FLOOR 0: 30 days / 0.
        let atExpiry = try Self.request(asOf: "2025-02-28T08:00:00Z", Self.set("VolShock", "DTE_FLOOR", 0))
        let (tResponse, tProblem) = APIClient().post("/v1/margin", atExpiry)
        #expect(tResponse.status == .unprocessableContent)
        #expect(tProblem?.problemErrors["methodology.parameters.VolShock.DTE_FLOOR"] != nil)
        // The same option at expiry with the published floor of one day is margined.
        let published = try Self.request(asOf: "2025-02-28T08:00:00Z") { _ in }
        #expect(APIClient().post("/v1/margin", published).0.status == .ok)
    }
}
