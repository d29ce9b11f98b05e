import Foundation
import Testing
@testable import RiskCore

private struct ReferenceVector: Decodable {
    var kind: String
    var spot: Double
    var strike: Double
    var timeYears: Double
    var vol: Double
    var rate: Double
    var forward: Double
    var price: Double
    var delta: Double
    var gamma: Double
    var vega: Double
    var theta: Double
}

private struct ReferenceFile: Decodable {
    var vectors: [ReferenceVector]
}

private func loadVectors() throws -> [ReferenceVector] {
    let url = try #require(Bundle.module.url(forResource: "black76_quantlib", withExtension: "json", subdirectory: "Fixtures"))
    return try JSONDecoder().decode(ReferenceFile.self, from: Data(contentsOf: url)).vectors
}

@Suite struct Black76Tests {
    @Test func matchesEveryQuantLibVector() throws {
        let vectors = try loadVectors()
        #expect(vectors.count == 64)
        for vector in vectors {
            let kind: InstrumentKind = vector.kind == "call" ? .call : .put
            let result = Black76.valuation(kind: kind, spot: vector.spot, forward: vector.forward, strike: vector.strike,
                                           timeToExpiry: vector.timeYears, volatility: vector.vol, rate: vector.rate)
            let label = "\(vector.kind) S=\(vector.spot) K=\(vector.strike) T=\(vector.timeYears) vol=\(vector.vol) r=\(vector.rate)"
            // Price: 1e-9 relative, or 1e-9 of spot absolute, whichever is larger.
            let priceTolerance = max(1e-9 * abs(vector.price), 1e-9 * vector.spot)
            #expect(abs(result.price - vector.price) <= priceTolerance, "price \(label): \(result.price) vs \(vector.price)")
            // Greeks: 1e-7 relative; values below 1 are held to 1e-7 absolute.
            for (name, ours, reference) in [("delta", result.delta, vector.delta), ("gamma", result.gamma, vector.gamma),
                                            ("vega", result.vega, vector.vega), ("theta", result.theta, vector.theta)] {
                #expect(abs(ours - reference) <= 1e-7 * max(1, abs(reference)), "\(name) \(label): \(ours) vs \(reference)")
            }
        }
    }

    @Test func satisfiesPutCallParity() {
        for (strike, vol, time, rate) in [(60_000.0, 0.6, 0.25, 0.05), (70_000.0, 1.2, 0.01, -0.01), (30_000.0, 0.3, 2.0, 0.0)] {
            let forward = 65_000.0
            let call = Black76.price(kind: .call, forward: forward, strike: strike, timeToExpiry: time, volatility: vol, rate: rate)
            let put = Black76.price(kind: .put, forward: forward, strike: strike, timeToExpiry: time, volatility: vol, rate: rate)
            #expect(abs((call - put) - exp(-rate * time) * (forward - strike)) < 1e-8)
        }
    }

    @Test func expiredOptionIsWorthIntrinsicOnTheForward() {
        let call = Black76.valuation(kind: .call, spot: 100, forward: 102, strike: 95, timeToExpiry: 0, volatility: 0.5, rate: 0.05)
        #expect(call.price == 7)
        #expect(abs(call.delta - 1.02) < 1e-15)
        #expect(call.gamma == 0 && call.vega == 0 && call.theta == 0)
        let put = Black76.valuation(kind: .put, spot: 100, forward: 102, strike: 95, timeToExpiry: -0.001, volatility: 0.5, rate: 0.05)
        #expect(put.price == 0 && put.delta == 0)
        let itmPut = Black76.valuation(kind: .put, spot: 100, forward: 90, strike: 95, timeToExpiry: 0, volatility: 0.5, rate: 0)
        #expect(itmPut.price == 5 && abs(itmPut.delta + 0.9) < 1e-15)
    }

    @Test func zeroVolatilityIsDiscountedIntrinsic() {
        let call = Black76.valuation(kind: .call, spot: 100, forward: 110, strike: 100, timeToExpiry: 1, volatility: 0, rate: 0.1)
        #expect(abs(call.price - exp(-0.1) * 10) < 1e-12)
        #expect(call.gamma == 0 && call.vega == 0)
        #expect(call.price.isFinite && call.delta.isFinite && call.theta.isFinite)
        let otm = Black76.valuation(kind: .put, spot: 100, forward: 110, strike: 100, timeToExpiry: 1, volatility: 0, rate: 0.1)
        #expect(otm.price == 0 && otm.delta == 0)
    }

    @Test func deepTailsKeepRelativeAccuracy() {
        // N(-30) = 4.906713927148187e-198 (Abramowitz and Stegun 26.2.12 asymptotics, checked with mpmath).
        let tail = NormalDistribution.cdf(-30)
        #expect(abs(tail / 4.906713927148187e-198 - 1) < 1e-13)
        #expect(NormalDistribution.cdf(0) == 0.5)
        #expect(abs(NormalDistribution.cdf(1.959963984540054) - 0.975) < 1e-15)
    }

    /// Implied volatility inverts the price to the last bits and refuses what no volatility gives.
    @Test func impliedVolatilityInvertsThePrice() throws {
        for (kind, strike, volatility) in [(InstrumentKind.call, 62_000.0, 0.63), (.put, 45_000, 1.7), (.call, 150_000, 0.05), (.put, 60_000, 0.2)] {
            let price = Black76.price(kind: kind, forward: 60_300, strike: strike, timeToExpiry: 0.25, volatility: volatility, rate: 0.02)
            let implied = try #require(Black76.impliedVolatility(kind: kind, forward: 60_300, strike: strike, timeToExpiry: 0.25, rate: 0.02, price: price))
            #expect(abs(implied - volatility) < 1e-9 * volatility, "\(kind) \(strike)")
        }
        let discount = exp(-0.02 * 0.25)
        // At or below the discounted intrinsic value, at or above the discounted forward: none.
        #expect(Black76.impliedVolatility(kind: .call, forward: 60_300, strike: 50_000, timeToExpiry: 0.25, rate: 0.02, price: 10_300 * discount) == nil)
        #expect(Black76.impliedVolatility(kind: .call, forward: 60_300, strike: 50_000, timeToExpiry: 0.25, rate: 0.02, price: 60_300 * discount) == nil)
        #expect(Black76.impliedVolatility(kind: .put, forward: 60_300, strike: 50_000, timeToExpiry: 0, rate: 0.02, price: 10) == nil)
    }
}
