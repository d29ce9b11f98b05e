@testable import RiskCore

/// Shared builders for the margin tests: a BTC market at 60,000 and a 30-day expiry.
enum TestPortfolios {
    static let asOf = Timestamp(iso8601: "2026-03-01T08:00:00Z")!
    /// 30 days after `asOf`.
    static let expiry = Timestamp(iso8601: "2026-03-31T08:00:00Z")!
    static let spot = 60_000.0

    static func market(spot: Double = spot, vol: Double? = 0.6) -> MarketData {
        MarketData(["BTC": AssetMarket(spot: spot, atmVolatility: vol),
                    "ETH": AssetMarket(spot: 3_000, atmVolatility: 0.75),
                    "USDC": AssetMarket(spot: 1)])
    }

    static func call(_ strike: Double, size: Double, iv: Double = 0.6) -> Position {
        Position(instrument: .option("BTC", .call, strike: strike, expiry: expiry), size: size, markIv: iv)
    }

    static func put(_ strike: Double, size: Double, iv: Double = 0.6) -> Position {
        Position(instrument: .option("BTC", .put, strike: strike, expiry: expiry), size: size, markIv: iv)
    }

    static func perp(size: Double, underlying: String = "BTC") -> Position {
        Position(instrument: .perpetual(underlying), size: size)
    }

    /// Deribit's BTC pme/simulate example of 2024-06-17 (../shared/deribit, section 5): 0.314538364
    /// BTC of the perpetual long and 0.001187534 BTC of the 28JUN24 future short, in BTC.
    enum DeribitBTCExample {
        static let asOf = Timestamp(iso8601: "2024-06-17T10:22:20.501Z")!
        static let expiry = Timestamp(iso8601: "2024-06-28T08:00:00Z")!
        static let market = MarketData(["BTC": AssetMarket(spot: 65_666.19, perpPrice: 65_910.57,
                                                           expiries: [expiry: ExpiryMarket(forward: 67_371.75, rate: 0)])])
        static let netSize = 0.314538364 - 0.001187534

        static func portfolio(marginAddOns: MarginAddOns = .none) -> Portfolio {
            Portfolio(positions: [
                Position(instrument: Instrument.perpetual("BTC").settled(in: .coin), size: 0.314538364),
                Position(instrument: Instrument.future("BTC", expiry: expiry).settled(in: .coin), size: -0.001187534),
            ], currency: "BTC", marginAddOns: marginAddOns)
        }
    }

    static func margin(_ positions: [Position], mode: MarginMode, cash: Double = 100_000,
                       collateral: [CollateralHolding] = [], market: MarketData = market(),
                       parameters: RiskParameters = .standardDefaults) throws -> MarginResult {
        try StandardMethodology(parameters: parameters)
            .margin(Portfolio(cash: cash, collateral: collateral, positions: positions), market: market, asOf: asOf, mode: mode)
    }
}

func close(_ a: Double, _ b: Double, relative: Double = 1e-12) -> Bool {
    abs(a - b) <= relative * max(abs(a), abs(b), 1e-300)
}
