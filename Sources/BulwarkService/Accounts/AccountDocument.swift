import BulwarkJSON
import RiskCore

/// The body of `PUT /v1/accounts/{id}`: what an account holds and how it is margined.
struct AccountDocument: Sendable {
    var portfolio: Portfolio
    var mode: MarginMode
    var methodology: String

    static let fields: JSONFieldNames = ["accountCurrency", "cash", "collateral", "positions", "mode", "methodology"]

    /// How plain names read in an account of `currency`: in a coin account every position
    /// settles in the coin, so `BTC-PERPETUAL` there is Deribit's inverse one.
    static func naming(currency: String) -> InstrumentNaming {
        currency == AccountCurrency.quoteCode ? .bulwark : .deribit
    }

    var naming: InstrumentNaming { Self.naming(currency: portfolio.currency) }

    static func decode(_ root: JSONValue, parameters: RiskParameters) -> Result<AccountDocument, APIError> {
        var reader = FieldReader()
        let body: JSONObject
        switch BodyReading.rootObject(root, allowed: fields, &reader) {
        case .success(let object): body = object
        case .failure(let error): return .failure(error)
        }
        let currency = reader.string(body["accountCurrency"], "accountCurrency") ?? AccountCurrency.quoteCode
        let cash = reader.number(body["cash"], "cash") ?? 0
        let mode = reader.oneOf(body["mode"], "mode", MarginMode.self) ?? .portfolio
        var profile = StandardMethodology.profileName
        if let methodology = reader.object(body["methodology"], "methodology", allowed: ["profile"]) {
            profile = reader.string(methodology["profile"], "methodology.profile") ?? profile
            if !MethodologyProfiles.names.contains(profile) {
                reader.fail("methodology.profile", "unknown profile '\(profile)'; known: \(MethodologyProfiles.names.joined(separator: ", "))")
            }
        }
        var collateral: [CollateralHolding] = []
        for (index, element) in (reader.array(body["collateral"], "collateral", maxCount: MarginRequest.maxCollateral) ?? []).enumerated() {
            if let holding = MarginRequest.decodeCollateral(element, "collateral[\(index)]", &reader) { collateral.append(holding) }
        }
        var positions: [Position] = []
        for (index, element) in (reader.array(body["positions"], "positions", maxCount: MarginRequest.maxPositions) ?? []).enumerated() {
            let field = "positions[\(index)]"
            if case .complete(let position) = MarginRequest.decodePosition(element, field, naming: naming(currency: currency), &reader) {
                if let (name, reason) = storageIssue(position, currency: currency) { reader.fail("\(field).\(name)", reason) }
                positions.append(position)
            }
        }
        guard reader.issues.isEmpty else { return .failure(.invalid(reader.issues)) }
        let portfolio = Portfolio(cash: cash, collateral: collateral, positions: positions, currency: currency)
        var issues = portfolio.validationIssues()
        if profile == StandardMethodology.profileName {
            issues += portfolio.unknownUnderlyingIssues(known: Set(parameters.underlyings.keys), profile: profile, missing: "parameters")
        } else if profile == DerivePMRM2Margin.profileName || profile == DeriveSRMMargin.profileName {
            // Refused now rather than stored and left unpriced on every tick.
            issues += portfolio.issuesForLinearProfile(profile)
        }
        guard issues.isEmpty else { return .failure(.invalid(issues)) }
        return .success(AccountDocument(portfolio: portfolio, mode: mode, methodology: profile))
    }

    /// Why a stored account cannot hold `position` (its field and reason), if it cannot: its
    /// cash, fills, ledger and liquidations are in one currency (docs/INVERSE.md, "Stored accounts").
    private static func storageIssue(_ position: Position, currency: String) -> (field: String, reason: String)? {
        let instrument = position.instrument
        if instrument.settlementCurrency != currency {
            return ("settlement", "\(instrument) settles in \(instrument.settlementCurrency) and the account is in \(currency): "
                + "a stored account holds positions settled in its own currency (margin mixed books with POST /v1/margin)")
        }
        if instrument.isInverseLinear, position.sizeUnit != .usd {
            return ("sizeUnit", "must be usd: a stored coin-settled future or perpetual is sized in USD of notional, as its fills are")
        }
        if position.markPrice != nil {
            return ("markPrice", "is not stored: a stored mark would not move with the market; give markIv, or let the price source mark it")
        }
        return nil
    }

    /// The canonical stored form: numbers as numbers, instruments by name where they have one,
    /// an inverse position's settlement and USD size said (its structured form has no name).
    var json: JSONValue {
        .object([
            "accountCurrency": portfolio.currency == AccountCurrency.quoteCode ? nil : .string(portfolio.currency),
            "cash": .number(portfolio.cash),
            "collateral": .array(portfolio.collateral.map { holding in
                .object([
                    "asset": .string(holding.asset),
                    "amount": .number(holding.amount),
                    "price": holding.price.map(JSONValue.number),
                    "confidence": holding.confidence.map(JSONValue.number),
                    "riskCancelling": holding.riskCancelling.map(JSONValue.bool),
                    "haircut": holding.haircut.map { .object(["initial": .number($0.initial), "maintenance": .number($0.maintenance)]) },
                ])
            }),
            "positions": .array(portfolio.positions.map { position in
                .object([
                    "instrument": .instrument(position.instrument),
                    "settlement": position.instrument.settlement == .coin ? .string(Settlement.coin.rawValue) : nil,
                    "size": .number(position.size),
                    "sizeUnit": position.sizeUnit == .usd ? .string(position.sizeUnit.rawValue) : nil,
                    "entryPrice": position.entryPrice.map(JSONValue.number),
                    "markIv": position.markIv.map(JSONValue.number),
                    "unrealizedPnl": position.unrealizedPnl.map(JSONValue.number),
                    "unrealizedFunding": position.unrealizedFunding.map(JSONValue.number),
                ])
            }),
            "mode": .string(mode.rawValue),
            "methodology": .object(["profile": .string(methodology)]),
        ])
    }
}
