import Foundation

/// One market state's prices for the accounts of a `CompactBook`: every option line they hold
/// valued once with Black-76 and revalued once under each scenario of its underlying's grid, so
/// that an account's scenario P&L is a sum of size x the line's unit P&L, in the order and with
/// the operations of `StandardMethodology` in portfolio mode. The figures are that method's to
/// the bit (tested against it); where an account needs something this does not reproduce (an
/// error to report, a forward that depends on which of its options was quoted first),
/// `figures` returns nil and the caller margins it one by one.
public struct BookPricing: Sendable {
    /// An option's mark IV and its expiry's forward, as a price source quotes them.
    public typealias OptionQuote = (markIv: Double, forward: Double?)

    let parameters: RiskParameters
    let model: HaircutModel
    let usable: Bool

    // Per underlying of the book (NaN spot: no price or no parameters, accounts go one by one).
    private(set) var spot: [Double] = []
    private(set) var perpetualMark: [Double] = []
    private(set) var nameRank: [Int32] = []
    private(set) var scenarioStart: [Int] = []
    private(set) var scenarioCount: [Int] = []
    private(set) var optionsRate: [Double] = []
    private(set) var futuresRate: [Double] = []
    private(set) var marketDepth: [Double] = []
    private(set) var shortOptionMinimumRate: [Double] = []
    // Per scenario, underlyings one after the other: the grid spot-major, then the extremes.
    private(set) var spotShock: [Double] = []
    /// The extreme scenarios' weight; NaN for the regular grid, whose P&L counts as it is.
    private(set) var extremeWeight: [Double] = []
    private(set) var maximumScenarios = 0

    // Per instrument.
    private(set) var instrumentUsable: [Bool] = []
    private(set) var isCall: [Bool] = []
    private(set) var expiry: [Int64] = []
    /// The forward of its expiry in the market itself; NaN when the market has none.
    private(set) var marketForward: [Double] = []

    // Per option line.
    private(set) var lineUsable: [Bool] = []
    private(set) var lineForward: [Double] = []
    /// The forward the line's own quote gives (NaN: none).
    private(set) var quotedForward: [Double] = []
    private(set) var mark: [Double] = []
    private(set) var unitDelta: [Double] = []
    /// Offset of the line's unit P&L per scenario in `unitPnl`.
    private(set) var unitPnlStart: [Int] = []
    private(set) var unitPnl: [Double] = []
    /// Whether some quoted forward fills an expiry the market lacks: accounts then check that
    /// their forwards do not depend on which of their options was quoted first.
    private(set) var quotesFillForwards = false

    // Per collateral asset.
    private(set) var asset: [CollateralAsset?] = []
    private(set) var assetSpot: [Double] = []
    /// The underlying slot of the book that the asset tracks, -1 for none.
    private(set) var assetTracks: [Int32] = []
    /// Correlation add-on of asset a against underlying u at a x underlyings + u.
    private(set) var correlationAddOn: [Double] = []

    /// Prices what the accounts in `slots` hold at `market` and `asOf` under `methodology`;
    /// `optionQuote` gives a listed option's quote by Deribit name, as the monitor fills marks.
    public init(book: CompactBook, slots: [CompactBook.Slot], methodology: StandardMethodology,
                market: MarketData, asOf: Timestamp, optionQuote: (String) -> OptionQuote?) {
        parameters = methodology.parameters
        model = HaircutModel(parameters: parameters.collateral)
        usable = methodology.parametersAreValid && market.validationIssues().isEmpty
        let underlyingCount = book.underlyings.count
        let ranks = book.underlyings.indices.sorted { book.underlyings[$0] < book.underlyings[$1] }
        nameRank = [Int32](repeating: 0, count: underlyingCount)
        for (rank, slot) in ranks.enumerated() { nameRank[slot] = Int32(rank) }
        for name in book.underlyings {
            let assetMarket = market[name]
            let underlying = parameters.underlyings[name]
            spot.append(underlying == nil ? .nan : assetMarket?.spot ?? .nan)
            perpetualMark.append(assetMarket?.perpetualMark ?? .nan)
            scenarioStart.append(spotShock.count)
            if let underlying {
                for scenario in underlying.portfolio.grid.scenarios {
                    spotShock.append(scenario.spotShock)
                    extremeWeight.append(scenario.isExtreme ? scenario.weight : .nan)
                }
                optionsRate.append(underlying.liquidity.optionsRate)
                futuresRate.append(underlying.liquidity.futuresRate)
                marketDepth.append(underlying.liquidity.marketDepth)
                shortOptionMinimumRate.append(underlying.portfolio.shortOptionMinimumRate)
            } else {
                optionsRate.append(.nan)
                futuresRate.append(.nan)
                marketDepth.append(.nan)
                shortOptionMinimumRate.append(.nan)
            }
            scenarioCount.append(spotShock.count - scenarioStart.last!)
            maximumScenarios = max(maximumScenarios, scenarioCount.last!)
        }

        // Only what the accounts to margin hold is priced.
        var neededInstruments = [Bool](repeating: false, count: book.instruments.count)
        var neededLines = [Bool](repeating: false, count: book.lines.count)
        for slot in slots {
            for position in book.positions(of: slot) {
                neededInstruments[Int(book.positionInstrument[position])] = true
                let line = book.positionLine[position]
                if line >= 0 { neededLines[Int(line)] = true }
            }
        }
        let grace = parameters.settlementGraceSeconds
        for (index, instrument) in book.instruments.enumerated() {
            let underlying = Int(book.instrumentUnderlying[index])
            var usable = neededInstruments[index] && !spot[underlying].isNaN
            var forward = Double.nan
            if let expiry = instrument.expiry {
                if expiry.adding(seconds: grace) < asOf { usable = false }
                if let point = market[instrument.underlying]?.expiries[expiry] { forward = point.forward }
            }
            instrumentUsable.append(usable)
            isCall.append(instrument.kind == .call)
            expiry.append(instrument.expiry?.secondsSinceEpoch ?? .min)
            marketForward.append(forward)
        }
        for (index, line) in book.lines.enumerated() {
            priceLine(line, needed: neededLines[index], book: book, market: market, asOf: asOf, optionQuote: optionQuote)
        }

        for name in book.assets {
            let registered = parameters.collateral.assets[name]
            asset.append(registered)
            assetSpot.append(market[name]?.spot ?? .nan)
            assetTracks.append(registered?.tracks.flatMap { tracked in book.underlyings.firstIndex(of: tracked).map(Int32.init) } ?? -1)
            for underlying in book.underlyings {
                correlationAddOn.append(registered.map { model.correlationAddOn($0, underlying) } ?? 0)
            }
        }
    }

    /// Values one option line as `PortfolioValuer` would for a holder of it, and its unit P&L
    /// under each scenario as `ScenarioEngine` prices it (the vector path, lane by lane).
    private mutating func priceLine(_ line: CompactBook.Line, needed: Bool, book: CompactBook, market: MarketData,
                                    asOf: Timestamp, optionQuote: (String) -> OptionQuote?) {
        let index = Int(line.instrument)
        let instrument = book.instruments[index]
        unitPnlStart.append(unitPnl.count)
        let quote = needed ? book.instrumentNames[index].flatMap(optionQuote) : nil
        quotedForward.append(quote?.forward ?? .nan)
        // The market a holder of the line is margined at: the quote's forward where the market has none (fillOptions).
        var assetMarket = market[instrument.underlying]
        if let expiry = instrument.expiry, let forward = quote?.forward, assetMarket?.expiries[expiry] == nil {
            assetMarket?.expiries[expiry] = ExpiryMarket(forward: forward)
            quotesFillForwards = true
        }
        // Valued by the valuer itself; what it would refuse, or refuse in a quote it filled in, is left to it.
        let position = Position(instrument: instrument, size: 1, markIv: line.markIv ?? quote?.markIv)
        guard needed, instrumentUsable[index], let assetMarket,
              quote.map({ ValueCheck.volatility($0.markIv, field: "markIv") == nil && ($0.forward.map { $0.isFinite && $0 > 0 } ?? true) }) ?? true,
              let valuation = try? PortfolioValuer(parameters: parameters).valueOption(position, index: 0, market: assetMarket, asOf: asOf),
              let terms = ScenarioEngine.terms(of: valuation) else {
            lineUsable.append(false)
            lineForward.append(.nan)
            mark.append(.nan)
            unitDelta.append(.nan)
            return
        }
        lineUsable.append(true)
        lineForward.append(valuation.forward)
        mark.append(valuation.markPrice)
        // Size 1: the valuer's delta is the unit's.
        unitDelta.append(valuation.delta)
        let grid = parameters.underlyings[instrument.underlying]!.portfolio.grid
        // Each scenario as ScenarioEngine.results revalues it, in the grid's order, eight at a time.
        let block = OptionBlock(repeatElement(terms, count: 8))
        ScenarioEngine.forEachChunk(of: grid.scenarios) { factors, chunk in
            let prices = block.prices(factors)
            for lane in 0..<chunk.count { unitPnl.append(prices[lane] - terms.mark) }
        }
    }

    /// Working space for `figures`, made once per worker: no allocation per account.
    public struct Scratch {
        static let maximumUnderlyings = 16
        var underlying = [Int32](repeating: 0, count: maximumUnderlyings)
        var delta = [Double](repeating: 0, count: maximumUnderlyings)
        var linear = [Double](repeating: 0, count: maximumUnderlyings)
        var buffer = [Double](repeating: 0, count: maximumUnderlyings)
        var optionCount = [Int](repeating: 0, count: maximumUnderlyings)
        var callsShort = [Double](repeating: 0, count: maximumUnderlyings)
        var callsLong = [Double](repeating: 0, count: maximumUnderlyings)
        var putsShort = [Double](repeating: 0, count: maximumUnderlyings)
        var putsLong = [Double](repeating: 0, count: maximumUnderlyings)
        var pnl: [Double]
        /// The vector kernel's eight lane sums per scenario, lane after lane.
        var lanes: [Double]

        public init(for pricing: BookPricing) {
            pnl = [Double](repeating: 0, count: pricing.maximumScenarios)
            lanes = [Double](repeating: 0, count: 8 * pricing.maximumScenarios)
        }
    }
}
