/// Many accounts held for re-margining in bulk (docs/PERFORMANCE.md, "The compact book"):
/// a structure of arrays, each position an index into shared tables of instruments and option
/// lines, each account a slot with ranges into them. No heap object per account: the monitor's
/// full-book tick reads a few flat arrays, and an option held by 10,000 accounts is priced once.
///
/// It holds USD accounts of quote-settled positions; `insert` refuses others (nil), which the
/// caller margins one by one. Its figures are the standard methodology's in portfolio mode,
/// to the bit (`BookPricing`).
public struct CompactBook: Sendable {
    /// An account's place in the book.
    public typealias Slot = Int32

    /// An option with the mark IV its holder gave (nil: none): what a tick prices once for
    /// every account that holds it.
    struct Line: Hashable, Sendable {
        var instrument: Int32
        var markIv: Double?
    }

    // Shared tables: grown as new instruments, lines and assets appear, never shrunk.
    private(set) var instruments: [Instrument] = []
    private var instrumentSlots: [Instrument: Int32] = [:]
    /// Deribit names, by instrument: how the price source's option quotes are asked for.
    private(set) var instrumentNames: [String?] = []
    private(set) var instrumentUnderlying: [Int32] = []
    private(set) var underlyings: [String] = []
    private var underlyingSlots: [String: Int32] = [:]
    private(set) var lines: [Line] = []
    private var lineSlots: [Line: Int32] = [:]
    private(set) var assets: [String] = []
    private var assetSlots: [String: Int32] = [:]

    // Per slot.
    private(set) var cash: [Double] = []
    private(set) var positionStart: [Int32] = []
    private(set) var positionEnd: [Int32] = []
    private(set) var holdingStart: [Int32] = []
    private(set) var holdingEnd: [Int32] = []
    private var freeSlots: [Slot] = []

    // Per position; NaN where the account gave nothing.
    private(set) var positionInstrument: [Int32] = []
    /// The option line, -1 for a future or perpetual.
    private(set) var positionLine: [Int32] = []
    private(set) var size: [Double] = []
    private(set) var entryPrice: [Double] = []
    private(set) var unrealizedPnl: [Double] = []
    private(set) var unrealizedFunding: [Double] = []

    // Per collateral holding; NaN where the account gave nothing.
    private(set) var holdingAsset: [Int32] = []
    private(set) var holdingAmount: [Double] = []
    private(set) var holdingPrice: [Double] = []
    private(set) var holdingConfidence: [Double] = []
    private(set) var holdingMaintenanceHaircut: [Double] = []
    private(set) var holdingInitialHaircut: [Double] = []
    /// 1 yes, 0 no, -1 not said.
    private(set) var holdingRiskCancelling: [Int8] = []

    /// Positions and holdings of replaced or removed accounts, still in the arrays.
    private var unusedPositions = 0
    private var unusedHoldings = 0

    public init() {}

    /// Slots in use.
    public var count: Int { cash.count - freeSlots.count }

    /// Whether the book can hold `portfolio`: a USD account of quote-settled positions.
    public static func holds(_ portfolio: Portfolio) -> Bool {
        portfolio.currency == AccountCurrency.quoteCode && portfolio.positions.allSatisfy {
            $0.instrument.settlement == .quote && $0.sizeUnit == .coin && $0.markPrice == nil
        }
    }

    /// Adds an account; nil when the book cannot hold it (`holds`).
    public mutating func insert(_ portfolio: Portfolio) -> Slot? {
        guard Self.holds(portfolio) else { return nil }
        let slot: Slot
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            slot = Slot(cash.count)
            cash.append(0)
            positionStart.append(0)
            positionEnd.append(0)
            holdingStart.append(0)
            holdingEnd.append(0)
        }
        let index = Int(slot)
        cash[index] = portfolio.cash
        positionStart[index] = Int32(size.count)
        for position in portfolio.positions {
            let instrument = instrumentSlot(position.instrument)
            positionInstrument.append(instrument)
            positionLine.append(position.instrument.kind.isOption ? lineSlot(Line(instrument: instrument, markIv: position.markIv)) : -1)
            size.append(position.size)
            entryPrice.append(position.entryPrice ?? .nan)
            unrealizedPnl.append(position.unrealizedPnl ?? .nan)
            unrealizedFunding.append(position.unrealizedFunding ?? .nan)
        }
        positionEnd[index] = Int32(size.count)
        holdingStart[index] = Int32(holdingAmount.count)
        for holding in portfolio.collateral {
            holdingAsset.append(assetSlot(holding.asset))
            holdingAmount.append(holding.amount)
            holdingPrice.append(holding.price ?? .nan)
            holdingConfidence.append(holding.confidence ?? .nan)
            holdingMaintenanceHaircut.append(holding.haircut?.maintenance ?? .nan)
            holdingInitialHaircut.append(holding.haircut?.initial ?? .nan)
            holdingRiskCancelling.append(holding.riskCancelling.map { $0 ? 1 : 0 } ?? -1)
        }
        holdingEnd[index] = Int32(holdingAmount.count)
        return slot
    }

    /// Frees a slot; its positions stay in the arrays until the next compaction.
    public mutating func remove(_ slot: Slot) {
        let index = Int(slot)
        unusedPositions += Int(positionEnd[index] - positionStart[index])
        unusedHoldings += Int(holdingEnd[index] - holdingStart[index])
        positionEnd[index] = positionStart[index]
        holdingEnd[index] = holdingStart[index]
        cash[index] = 0
        freeSlots.append(slot)
        if unusedPositions > 1_024 && unusedPositions > size.count / 2 { compact() }
    }

    /// The account in `slot` as a portfolio again (the same values it was inserted with).
    public func portfolio(_ slot: Slot) -> Portfolio {
        let index = Int(slot)
        func given(_ value: Double) -> Double? { value.isNaN ? nil : value }
        let positions = (Int(positionStart[index])..<Int(positionEnd[index])).map { position in
            Position(instrument: instruments[Int(positionInstrument[position])], size: size[position],
                     entryPrice: given(entryPrice[position]),
                     markIv: positionLine[position] < 0 ? nil : lines[Int(positionLine[position])].markIv,
                     unrealizedPnl: given(unrealizedPnl[position]), unrealizedFunding: given(unrealizedFunding[position]))
        }
        let collateral = (Int(holdingStart[index])..<Int(holdingEnd[index])).map { holding in
            let maintenance = holdingMaintenanceHaircut[holding]
            return CollateralHolding(
                asset: assets[Int(holdingAsset[holding])], amount: holdingAmount[holding], price: given(holdingPrice[holding]),
                confidence: given(holdingConfidence[holding]),
                riskCancelling: holdingRiskCancelling[holding] < 0 ? nil : holdingRiskCancelling[holding] == 1,
                haircut: maintenance.isNaN ? nil : HaircutOverride(initial: holdingInitialHaircut[holding], maintenance: maintenance))
        }
        return Portfolio(cash: cash[index], collateral: collateral, positions: positions)
    }

    /// The positions of `slot`, as indices into the per-position arrays.
    func positions(of slot: Slot) -> Range<Int> { Int(positionStart[Int(slot)])..<Int(positionEnd[Int(slot)]) }

    /// The collateral holdings of `slot`, as indices into the per-holding arrays.
    func holdings(of slot: Slot) -> Range<Int> { Int(holdingStart[Int(slot)])..<Int(holdingEnd[Int(slot)]) }

    // MARK: Tables

    private mutating func instrumentSlot(_ instrument: Instrument) -> Int32 {
        if let slot = instrumentSlots[instrument] { return slot }
        let slot = Int32(instruments.count)
        instruments.append(instrument)
        instrumentNames.append(instrument.deribitName)
        instrumentUnderlying.append(underlyingSlot(instrument.underlying))
        instrumentSlots[instrument] = slot
        return slot
    }

    private mutating func underlyingSlot(_ name: String) -> Int32 {
        if let slot = underlyingSlots[name] { return slot }
        underlyings.append(name)
        underlyingSlots[name] = Int32(underlyings.count - 1)
        return Int32(underlyings.count - 1)
    }

    private mutating func lineSlot(_ line: Line) -> Int32 {
        if let slot = lineSlots[line] { return slot }
        lines.append(line)
        lineSlots[line] = Int32(lines.count - 1)
        return Int32(lines.count - 1)
    }

    private mutating func assetSlot(_ name: String) -> Int32 {
        if let slot = assetSlots[name] { return slot }
        assets.append(name)
        assetSlots[name] = Int32(assets.count - 1)
        return Int32(assets.count - 1)
    }

    /// Rewrites the per-position and per-holding arrays without the unused entries.
    private mutating func compact() {
        var book = CompactBook()
        book.instruments = instruments
        book.instrumentSlots = instrumentSlots
        book.instrumentNames = instrumentNames
        book.instrumentUnderlying = instrumentUnderlying
        book.underlyings = underlyings
        book.underlyingSlots = underlyingSlots
        book.lines = lines
        book.lineSlots = lineSlots
        book.assets = assets
        book.assetSlots = assetSlots
        book.cash = cash
        book.positionStart = positionStart
        book.positionEnd = positionEnd
        book.holdingStart = holdingStart
        book.holdingEnd = holdingEnd
        book.freeSlots = freeSlots
        for slot in cash.indices {
            let positions = Int(positionStart[slot])..<Int(positionEnd[slot])
            book.positionStart[slot] = Int32(book.size.count)
            book.positionInstrument += positionInstrument[positions]
            book.positionLine += positionLine[positions]
            book.size += size[positions]
            book.entryPrice += entryPrice[positions]
            book.unrealizedPnl += unrealizedPnl[positions]
            book.unrealizedFunding += unrealizedFunding[positions]
            book.positionEnd[slot] = Int32(book.size.count)
            let holdings = Int(holdingStart[slot])..<Int(holdingEnd[slot])
            book.holdingStart[slot] = Int32(book.holdingAmount.count)
            book.holdingAsset += holdingAsset[holdings]
            book.holdingAmount += holdingAmount[holdings]
            book.holdingPrice += holdingPrice[holdings]
            book.holdingConfidence += holdingConfidence[holdings]
            book.holdingMaintenanceHaircut += holdingMaintenanceHaircut[holdings]
            book.holdingInitialHaircut += holdingInitialHaircut[holdings]
            book.holdingRiskCancelling += holdingRiskCancelling[holdings]
            book.holdingEnd[slot] = Int32(book.holdingAmount.count)
        }
        self = book
    }
}
