import BulwarkJSON
import RiskCore

/// The body of `POST /v1/margin` and `POST /v1/scenarios`, decoded and checked for shape.
/// Values are checked by the risk core, which names the same fields.
struct MarginRequest: Sendable {
    var mode: MarginMode
    /// Whether the request named its mode (a portfolio-only profile refuses another mode only when asked for one).
    var modeSpecified: Bool
    var methodology: MethodologyRequest
    var asOf: Timestamp?
    var portfolio: Portfolio
    var market: MarketData
    var grid: ScenarioGrid?
    /// Prospective trades: the answer says what they would do to the margin.
    var whatIf: TradeFills?

    static let maxPositions = 10_000
    static let maxCollateral = 1_000
    static let maxAssets = 1_000

    // Known members of each object, refused by name when misspelt.
    static let topLevelFields: JSONFieldNames = ["mode", "methodology", "asOf", "accountCurrency", "instrumentNames", "cash", "collateral",
                                              "positions", "market", "marginAddOns", "whatIf"]
    static let marginAddOnFields: JSONFieldNames = ["mmp", "openOrders", "spot"]
    static let topLevelFieldsWithGrid = topLevelFields.union(["grid"])
    static let collateralFields: JSONFieldNames = ["asset", "amount", "price", "confidence", "riskCancelling", "haircut"]
    static let haircutFields: JSONFieldNames = ["initial", "maintenance"]
    static let positionFields: JSONFieldNames = ["instrument", "settlement", "size", "sizeUnit", "entryPrice", "markIv", "markPrice",
                                              "unrealizedPnl", "unrealizedFunding"]
    static let instrumentFields: JSONFieldNames = ["underlying", "kind", "strike", "expiry"]
    static let assetMarketFields: JSONFieldNames = ["spot", "spotConfidence", "perpPrice", "perpConfidence", "vol", "expiries"]
    static let expiryFields: JSONFieldNames = ["forward", "rate", "forwardConfidence", "rateConfidence", "volConfidence"]
    static let gridFields: JSONFieldNames = ["spotShocks", "volShocks", "extremeSpotShocks", "extremeVolShock", "extremeWeight"]

    /// Decodes a request body (a request's flat document, or a stored tree); every shape
    /// problem is collected and reported at once.
    static func decode<V: JSONReadable>(_ root: V, allowGrid: Bool) -> Result<MarginRequest, APIError> {
        var reader = FieldReader()
        let body: V.Object
        switch BodyReading.rootObject(root, allowed: allowGrid ? topLevelFieldsWithGrid : topLevelFields, &reader) {
        case .success(let object): body = object
        case .failure(let error): return .failure(error)
        }
        let mode = reader.oneOf(body["mode"], "mode", MarginMode.self) ?? .portfolio
        let methodology = MethodologyRequest.decode(body["methodology"], reader: &reader)
        let asOf = reader.timestamp(body["asOf"], "asOf")
        let currency = reader.string(body["accountCurrency"], "accountCurrency") ?? AccountCurrency.quoteCode
        let naming = reader.oneOf(body["instrumentNames"], "instrumentNames", InstrumentNaming.self) ?? .bulwark
        let cash = reader.number(body["cash"], "cash") ?? 0
        var addOns = MarginAddOns.none
        if let object = reader.object(body["marginAddOns"], "marginAddOns", allowed: marginAddOnFields) {
            addOns = MarginAddOns(mmp: reader.number(object["mmp"], "marginAddOns.mmp") ?? 0,
                                  openOrders: reader.number(object["openOrders"], "marginAddOns.openOrders") ?? 0,
                                  spot: reader.number(object["spot"], "marginAddOns.spot") ?? 0)
            let others = Set([methodology.profile] + methodology.compare).subtracting([DeribitPMMargin.profileName])
            if !others.isEmpty {
                reader.fail("marginAddOns", "applies to deribit-pm only (Deribit's account state); not to \(others.sorted().joined(separator: ", "))")
            }
        }

        var collateral: [CollateralHolding] = []
        var collateralIndices: [Int] = []
        for (index, element) in (reader.array(body["collateral"], "collateral", maxCount: maxCollateral) ?? []).enumerated() {
            if let holding = decodeCollateral(element, "collateral[\(index)]", &reader) {
                collateral.append(holding)
                collateralIndices.append(index)
            }
        }
        var positions: [Position] = []
        // Positions with a shape problem, kept (size a placeholder) to report their bad values too.
        var partialPositions: [(index: Int, position: Position)] = []
        var positionIndices: [Int] = []
        let positionElements = reader.array(body["positions"], "positions", maxCount: maxPositions) ?? []
        positions.reserveCapacity(positionElements.count)
        positionIndices.reserveCapacity(positionElements.count)
        for (index, element) in positionElements.enumerated() {
            switch decodePosition(element, "positions[\(index)]", naming: naming, &reader) {
            case .complete(let position):
                positions.append(position)
                positionIndices.append(index)
            case .partial(let position):
                partialPositions.append((index, position))
            case .none:
                break
            }
        }
        let market = decodeMarket(body["market"], &reader)
        var grid: ScenarioGrid?
        if allowGrid, let gridObject = reader.object(body["grid"], "grid",
                                                     allowed: gridFields) {
            grid = decodeGrid(gridObject, &reader)
        }
        let whatIf = body["whatIf"].flatMap { $0.isNull ? nil : TradeFills.decode(list: $0, field: "whatIf", naming: naming, reader: &reader) }
        if let whatIf {
            for issue in Portfolio(positions: positions, currency: currency).fillIssues(whatIf.fills, field: "whatIf") {
                reader.fail(issue.field, issue.reason)
            }
        }
        guard reader.issues.isEmpty else {
            // Report shape and value problems together, so one round trip names them all.
            var issues = reader.issues
            let shapeFields = Set(issues.map(\.field))
            var valueIssues = market.validationIssues() + Portfolio(currency: currency, marginAddOns: addOns).validationIssues()
            for (index, holding) in zip(collateralIndices, collateral) {
                valueIssues += holding.validationIssues().map { $0.nested(under: "collateral[\(index)]") }
            }
            for (index, position) in zip(positionIndices, positions) {
                valueIssues += position.validationIssues().map { $0.nested(under: "positions[\(index)]") }
            }
            for (index, position) in partialPositions {
                valueIssues += position.validationIssues().filter { $0.field != "size" }.map { $0.nested(under: "positions[\(index)]") }
            }
            issues += valueIssues.filter { !shapeFields.contains($0.field) }
            return .failure(.invalid(issues))
        }
        return .success(MarginRequest(mode: mode, modeSpecified: !(body["mode"]?.isNull ?? true), methodology: methodology, asOf: asOf,
                                      portfolio: Portfolio(cash: cash, collateral: collateral, positions: positions, currency: currency,
                                                           marginAddOns: addOns),
                                      market: market, grid: grid, whatIf: whatIf))
    }

    static func decodeCollateral<V: JSONReadable>(_ value: V, _ field: String, _ reader: inout FieldReader) -> CollateralHolding? {
        guard let object = reader.element(value, field, allowed: collateralFields) else { return nil }
        let asset = reader.requiredString(object["asset"], "\(field).asset")
        let amount = reader.requiredNumber(object["amount"], "\(field).amount")
        let price = reader.number(object["price"], "\(field).price")
        let confidence = reader.number(object["confidence"], "\(field).confidence")
        let riskCancelling = reader.bool(object["riskCancelling"], "\(field).riskCancelling")
        var haircut: HaircutOverride?
        if let haircutObject = reader.object(object["haircut"], "\(field).haircut", allowed: haircutFields) {
            let initial = reader.requiredNumber(haircutObject["initial"], "\(field).haircut.initial")
            let maintenance = reader.requiredNumber(haircutObject["maintenance"], "\(field).haircut.maintenance")
            if let initial, let maintenance { haircut = HaircutOverride(initial: initial, maintenance: maintenance) }
        }
        guard let asset, let amount else { return nil }
        return CollateralHolding(asset: asset, amount: amount, price: price, confidence: confidence,
                                 riskCancelling: riskCancelling, haircut: haircut)
    }

    enum DecodedPosition {
        case complete(Position)
        /// The instrument decoded but another field did not; the size is a placeholder.
        case partial(Position)
        case none
    }

    /// `field` (`positions[3]`) is built only to name a problem: most positions have none,
    /// and interpolating it for each of a large book's positions was a tenth of its decoding.
    static func decodePosition<V: JSONReadable>(_ value: V, _ field: @autoclosure () -> String, naming: InstrumentNaming = .bulwark,
                                                _ reader: inout FieldReader) -> DecodedPosition {
        guard let object = reader.element(value, field(), allowed: positionFields) else { return .none }
        let issuesBefore = reader.issues.count
        var instrument = decodeInstrument(object["instrument"], field(), naming: naming, &reader)
        let settlement = reader.oneOf(object["settlement"], "\(field()).settlement", Settlement.self)
        let size = reader.requiredNumber(object["size"], "\(field()).size")
        let sizeUnit = reader.oneOf(object["sizeUnit"], "\(field()).sizeUnit", SizeUnit.self) ?? .coin
        let entryPrice = reader.number(object["entryPrice"], "\(field()).entryPrice")
        let markIv = reader.number(object["markIv"], "\(field()).markIv")
        let markPrice = reader.number(object["markPrice"], "\(field()).markPrice")
        let unrealizedPnl = reader.number(object["unrealizedPnl"], "\(field()).unrealizedPnl")
        let unrealizedFunding = reader.number(object["unrealizedFunding"], "\(field()).unrealizedFunding")
        if let settlement, let named = instrument {
            // An explicit settlement beats a plain name's convention, not a name that says it.
            if let currency = named.quoteCurrency, settlement == .coin {
                reader.fail("\(field()).settlement", "coin does not apply: the name \(named) settles it in \(currency)")
            } else {
                instrument = named.settled(in: settlement)
            }
        }
        guard let instrument else { return .none }
        let position = Position(instrument: instrument, size: size ?? 0, sizeUnit: sizeUnit, entryPrice: entryPrice, markIv: markIv,
                                markPrice: markPrice, unrealizedPnl: unrealizedPnl, unrealizedFunding: unrealizedFunding)
        return size != nil && reader.issues.count == issuesBefore ? .complete(position) : .partial(position)
    }

    /// A Deribit-style name or `{"underlying","kind","strike","expiry"}`; problems with the
    /// structured form are named at the position level (`positions[2].strike`).
    static func decodeInstrument<V: JSONReadable>(_ value: V?, _ field: @autoclosure () -> String, naming: InstrumentNaming = .bulwark,
                                                  _ reader: inout FieldReader) -> Instrument? {
        guard let value, !value.isNull else {
            reader.fail("\(field()).instrument", "is required: a name like BTC-27MAR26-60000-C or an object")
            return nil
        }
        if let name = value.stringValue {
            switch Instrument.parseDeribitName(name, plainSettlement: naming.plainSettlement) {
            case .success(let instrument): return instrument
            case .failure(let issue):
                reader.fail("\(field()).instrument", issue.reason)
                return nil
            }
        }
        guard let object = reader.object(value, "\(field()).instrument", allowed: instrumentFields) else {
            return nil
        }
        let underlying = reader.requiredString(object["underlying"], "\(field()).underlying")
        let kind = reader.requiredOneOf(object["kind"], "\(field()).kind", InstrumentKind.self, hint: "call, put, future or perpetual")
        let strike = reader.number(object["strike"], "\(field()).strike")
        let expiry = reader.timestamp(object["expiry"], "\(field()).expiry")
        guard let underlying, let kind else { return nil }
        return Instrument(underlying: underlying, kind: kind, strike: strike, expiry: expiry)
    }

    static func decodeMarket<V: JSONReadable>(_ value: V?, _ reader: inout FieldReader) -> MarketData {
        var market = MarketData()
        guard let object = reader.object(value, "market") else { return market }
        guard object.count <= maxAssets else {
            reader.fail("market", "must have at most \(maxAssets) assets")
            return market
        }
        for (symbol, entry) in object {
            let field = "market.\(symbol)"
            guard let asset = reader.element(entry, field, allowed: assetMarketFields) else { continue }
            let spot = reader.requiredNumber(asset["spot"], "\(field).spot")
            var assetMarket = AssetMarket(spot: spot ?? 0,
                                          spotConfidence: reader.number(asset["spotConfidence"], "\(field).spotConfidence"),
                                          perpPrice: reader.number(asset["perpPrice"], "\(field).perpPrice"),
                                          perpConfidence: reader.number(asset["perpConfidence"], "\(field).perpConfidence"),
                                          atmVolatility: reader.number(asset["vol"], "\(field).vol"))
            if let expiries = reader.object(asset["expiries"], "\(field).expiries") {
                for (key, point) in expiries {
                    let pointField = "\(field).expiries[\(key)]"
                    guard let expiry = Timestamp(iso8601: key) else {
                        reader.fail(pointField, "key must be an ISO-8601 date-time like 2026-03-27T08:00:00Z")
                        continue
                    }
                    guard let pointObject = reader.element(point, pointField, allowed: expiryFields) else { continue }
                    guard let forward = reader.requiredNumber(pointObject["forward"], "\(pointField).forward") else { continue }
                    assetMarket.expiries[expiry] = ExpiryMarket(
                        forward: forward, rate: reader.number(pointObject["rate"], "\(pointField).rate") ?? 0,
                        forwardConfidence: reader.number(pointObject["forwardConfidence"], "\(pointField).forwardConfidence"),
                        rateConfidence: reader.number(pointObject["rateConfidence"], "\(pointField).rateConfidence"),
                        volConfidence: reader.number(pointObject["volConfidence"], "\(pointField).volConfidence"))
                }
            }
            if spot != nil { market[symbol] = assetMarket }
        }
        return market
    }

    static func decodeGrid<O: JSONReadableObject>(_ object: O, _ reader: inout FieldReader) -> ScenarioGrid? where O.Value: JSONReadable {
        func shocks(_ key: StaticString) -> [Double]? {
            guard let elements = reader.array(object[key], "grid.\(key)", maxCount: ScenarioGrid.maximumScenarios) else { return nil }
            var values: [Double] = []
            for (index, element) in elements.enumerated() {
                if let number = reader.number(element, "grid.\(key)[\(index)]") { values.append(number) }
            }
            return values
        }
        let defaults = PortfolioParameters()
        return ScenarioGrid(spotShocks: shocks("spotShocks") ?? defaults.spotShocks,
                            volShocks: shocks("volShocks") ?? defaults.volShocks,
                            extremeSpotShocks: shocks("extremeSpotShocks") ?? [],
                            extremeVolShock: reader.number(object["extremeVolShock"], "grid.extremeVolShock") ?? defaults.extremeVolShock,
                            extremeWeight: reader.number(object["extremeWeight"], "grid.extremeWeight") ?? defaults.extremeWeight)
    }
}

/// `methodology`: the profile and parameter overrides.
struct MethodologyRequest: Sendable {
    var profile: String
    var parameterOverrides: JSONObject?
    /// Profiles to margin the same portfolio under, side by side.
    var compare: [String]

    static let standard = MethodologyRequest(profile: StandardMethodology.profileName, parameterOverrides: nil, compare: [])
    static let fields: JSONFieldNames = ["profile", "parameters", "compare"]

    static func decode<V: JSONReadable>(_ value: V?, reader: inout FieldReader) -> MethodologyRequest {
        guard let object = reader.object(value, "methodology", allowed: fields) else { return .standard }
        var compare: [String] = []
        for (index, element) in (reader.array(object["compare"], "methodology.compare", maxCount: 16) ?? []).enumerated() {
            if let name = reader.string(element, "methodology.compare[\(index)]") { compare.append(name) }
        }
        // With only a comparison, the first profile compared is the one the result is given in.
        let profile = reader.string(object["profile"], "methodology.profile") ?? compare.first ?? StandardMethodology.profileName
        let overrides = reader.object(object["parameters"], "methodology.parameters")?.jsonObject
        return MethodologyRequest(profile: profile, parameterOverrides: overrides, compare: compare)
    }
}
