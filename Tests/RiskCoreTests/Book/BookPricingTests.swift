import Testing
@testable import RiskCore

/// The compact book's figures against the standard methodology's, account by account, to the bit.
@Suite struct BookPricingTests {
    static let asOf = Timestamp(iso8601: "2026-12-01T08:00:00Z")!
    static let december = Timestamp(iso8601: "2026-12-25T08:00:00Z")!
    static let march = Timestamp(iso8601: "2027-03-26T08:00:00Z")!
    static let june = Timestamp(iso8601: "2027-06-25T08:00:00Z")!
    /// BTC's December forward is in the market; its March one comes from quotes or is the spot.
    static let market = MarketData([
        "BTC": AssetMarket(spot: 90_000, perpPrice: 90_050, expiries: [december: ExpiryMarket(forward: 90_400, rate: 0.02)]),
        "ETH": AssetMarket(spot: 3_100, atmVolatility: 0.7),
        "SOL": AssetMarket(spot: 150, atmVolatility: 0.9),
        "USDC": AssetMarket(spot: 1),
    ])

    /// A random account: options with and without mark IVs, futures, perpetuals with entry
    /// prices, venue P&L and funding, collateral registered, priced or with fixed haircuts.
    static func account(_ random: inout SeededRandom) -> Portfolio {
        var positions: [Position] = []
        for _ in 0..<(1 + Int(random.next() % 12)) {
            let underlying = ["BTC", "BTC", "ETH", "SOL"][Int(random.next() % 4)]
            let spot = market[underlying]!.spot
            let size = ((random.uniform() * 20 - 10) * 4).rounded() / 4
            switch random.next() % 5 {
            case 0, 1, 2:
                let expiry = [december, march, june][Int(random.next() % 3)]
                let strike = (spot * (0.7 + random.uniform() * 0.6) / 100).rounded() * 100
                let kind: InstrumentKind = random.next() % 2 == 0 ? .call : .put
                // A few mark IVs repeat, so that lines are shared as across a real book.
                let markIv: Double? = underlying == "BTC" || random.next() % 3 > 0 ? [0.5, 0.55, 0.6, 0.45 + random.uniform() * 0.4][Int(random.next() % 4)] : nil
                positions.append(Position(instrument: .option(underlying, kind, strike: max(strike, 100), expiry: expiry),
                                          size: size == 0 ? 1 : size, markIv: markIv))
            case 3:
                positions.append(Position(instrument: .future(underlying, expiry: random.next() % 2 == 0 ? december : march),
                                          size: size == 0 ? -1 : size, entryPrice: spot * (0.9 + random.uniform() * 0.2)))
            default:
                let entry: Double? = random.next() % 3 == 0 ? nil : spot * (0.9 + random.uniform() * 0.2)
                positions.append(Position(instrument: .perpetual(underlying), size: size == 0 ? 2 : size, entryPrice: entry,
                                          unrealizedPnl: random.next() % 4 == 0 ? random.uniform() * 1_000 - 500 : nil,
                                          unrealizedFunding: random.next() % 3 == 0 ? random.uniform() * 50 - 25 : nil))
            }
        }
        var collateral: [CollateralHolding] = []
        if random.next() % 2 == 0 { collateral.append(CollateralHolding(asset: "ETH", amount: 1 + random.uniform() * 20)) }
        if random.next() % 2 == 0 {
            collateral.append(CollateralHolding(asset: "BTC", amount: random.uniform() * 2,
                                                riskCancelling: [nil, true, false][Int(random.next() % 3)]))
        }
        if random.next() % 2 == 0 { collateral.append(CollateralHolding(asset: "USDC", amount: 10_000 + random.uniform() * 90_000, price: 1)) }
        if random.next() % 3 == 0 {
            collateral.append(CollateralHolding(asset: "WIDGET", amount: 100, price: 12.5, haircut: HaircutOverride(initial: 0.4, maintenance: 0.3)))
        }
        return Portfolio(cash: (random.uniform() * 400_000 - 50_000).rounded(), collateral: collateral, positions: positions)
    }

    /// What the monitor does before margining one account: mark IVs its options lack and
    /// forwards of expiries the market lacks from the option quotes, first quoted option first.
    static func filled(_ portfolio: Portfolio, quote: (String) -> BookPricing.OptionQuote?) -> (Portfolio, MarketData) {
        var portfolio = portfolio
        var market = market
        for (index, position) in portfolio.positions.enumerated() where position.instrument.kind.isOption {
            guard let name = position.instrument.deribitName, let quoted = quote(name) else { continue }
            if position.markIv == nil { portfolio.positions[index].markIv = quoted.markIv }
            let underlying = position.instrument.underlying
            if let forward = quoted.forward, let expiry = position.instrument.expiry, market[underlying]!.expiries[expiry] == nil {
                market[underlying]!.expiries[expiry] = ExpiryMarket(forward: forward)
            }
        }
        return (portfolio, market)
    }

    /// Every account's compact figures equal the method's, bit for bit, or it is left to the method.
    static func compare(accounts: [Portfolio], quote: (String) -> BookPricing.OptionQuote?) throws -> (compact: Int, leftToTheMethod: Int) {
        let methodology = StandardMethodology()
        var book = CompactBook()
        let slots = accounts.map { book.insert($0)! }
        let pricing = BookPricing(book: book, slots: slots, methodology: methodology, market: market, asOf: asOf, optionQuote: quote)
        var scratch = BookPricing.Scratch(for: pricing)
        var compact = 0
        for (portfolio, slot) in zip(accounts, slots) {
            guard let figures = pricing.figures(of: slot, in: book, scratch: &scratch) else { continue }
            let (filled, market) = filled(portfolio, quote: quote)
            let expected = MarginFigures(try methodology.margin(filled, market: market, asOf: asOf, mode: .portfolio), portfolio: filled)
            for (name, got, want) in [("equity", figures.equity, expected.equity), ("initialMargin", figures.initialMargin, expected.initialMargin),
                                      ("maintenanceMargin", figures.maintenanceMargin, expected.maintenanceMargin),
                                      ("unrealizedPnl", figures.unrealizedPnl, expected.unrealizedPnl),
                                      ("grossNotional", figures.grossNotional, expected.grossNotional), ("costBasis", figures.costBasis, expected.costBasis)] {
                #expect(got.bitPattern == want.bitPattern, "\(name): \(got) vs \(want) for \(portfolio)")
            }
            compact += 1
        }
        return (compact, accounts.count - compact)
    }

    @Test func everyFigureIsTheMethodsToTheBit() throws {
        var random = SeededRandom(seed: 17)
        let accounts = (0..<600).map { _ in Self.account(&random) }
        let outcome = try Self.compare(accounts: accounts) { _ in nil }
        #expect(outcome.compact == accounts.count)
    }

    @Test func quotedMarksAndForwardsAreTheMonitorsFill() throws {
        var random = SeededRandom(seed: 29)
        let accounts = (0..<600).map { _ in Self.account(&random) }
        // Every BTC March option quoted with the same forward; ETH's June ones without one.
        let quote: (String) -> BookPricing.OptionQuote? = { name in
            if name.hasPrefix("BTC-26MAR27") { return (0.58, 91_000) }
            if name.hasPrefix("ETH-25JUN27") { return (0.66, nil) }
            return nil
        }
        let outcome = try Self.compare(accounts: accounts, quote: quote)
        #expect(outcome.compact == accounts.count)
    }

    @Test func forwardsThatDependOnWhichOptionWasQuotedFirstAreLeftToTheMethod() throws {
        let call = Position(instrument: .option("BTC", .call, strike: 100_000, expiry: Self.march), size: 1, markIv: 0.5)
        let put = Position(instrument: .option("BTC", .put, strike: 80_000, expiry: Self.march), size: -1, markIv: 0.5)
        // The call's quote gives March a forward; the put's none: the put is priced at that forward when the call comes first.
        let quote: (String) -> BookPricing.OptionQuote? = { $0 == call.instrument.deribitName ? (0.5, 92_000) : nil }
        let outcome = try Self.compare(accounts: [Portfolio(cash: 50_000, positions: [call, put]),
                                                  Portfolio(cash: 50_000, positions: [put]),
                                                  Portfolio(cash: 50_000, positions: [call])], quote: quote)
        #expect(outcome == (2, 1))
    }

    @Test func whatTheMethodWouldRefuseIsLeftToIt() throws {
        let expired = Position(instrument: .option("BTC", .call, strike: 90_000, expiry: Self.asOf.adding(seconds: -3 * 86_400)), size: 1, markIv: 0.5)
        let noVolatility = Position(instrument: .option("BTC", .call, strike: 90_000, expiry: Self.march), size: 1)
        let unpriced = Position(instrument: .perpetual("DOGE"), size: 1)
        let priced = Position(instrument: .option("BTC", .call, strike: 90_000, expiry: Self.march), size: 1, markIv: 0.5)
        var book = CompactBook()
        let slots = [[expired], [noVolatility], [unpriced], [priced]].map { book.insert(Portfolio(cash: 1, positions: $0))! }
        let pricing = BookPricing(book: book, slots: slots, methodology: StandardMethodology(), market: Self.market, asOf: Self.asOf) { _ in nil }
        var scratch = BookPricing.Scratch(for: pricing)
        #expect(slots.map { pricing.figures(of: $0, in: book, scratch: &scratch) == nil } == [true, true, true, false])
    }

    /// Books of 9 to 130 options on an underlying, mixed with the other positions: the lanes
    /// wrap (option k in lane k mod 8) as in the method's vector path, to the bit.
    @Test func booksOfManyOptionsAreTheMethodsToTheBit() throws {
        var random = SeededRandom(seed: 41)
        let accounts = [9, 16, 17, 63, 64, 65, 130].map { count in
            var portfolio = Self.account(&random)
            for _ in 0..<count {
                let strike = (90_000 * (0.6 + random.uniform() * 0.8) / 100).rounded() * 100
                let expiry = [Self.december, Self.march, Self.june][Int(random.next() % 3)]
                portfolio.positions.insert(Position(instrument: .option("BTC", random.next() % 2 == 0 ? .call : .put, strike: strike, expiry: expiry),
                                                    size: ((random.uniform() * 20 - 10) * 4).rounded() / 4, markIv: 0.4 + random.uniform() * 0.5),
                                           at: Int(random.next() % UInt64(portfolio.positions.count + 1)))
            }
            return portfolio
        }
        let outcome = try Self.compare(accounts: accounts) { _ in nil }
        #expect(outcome.compact == accounts.count)
    }
}
