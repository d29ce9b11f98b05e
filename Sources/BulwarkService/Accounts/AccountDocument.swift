import BulwarkJSON
import RiskCore

/// The body of `PUT /v1/accounts/{id}`: what an account holds and how it is margined.
struct AccountDocument: Sendable {
    var portfolio: Portfolio
    var mode: MarginMode
    var methodology: String

    static let fields: Set<String> = ["cash", "collateral", "positions", "mode", "methodology"]

    static func decode(_ root: JSONValue, parameters: RiskParameters) -> Result<AccountDocument, APIError> {
        var reader = FieldReader()
        let body: JSONObject
        switch BodyReading.object(root, allowed: fields, &reader) {
        case .success(let object): body = object
        case .failure(let error): return .failure(error)
        }
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
            if case .complete(let position) = MarginRequest.decodePosition(element, "positions[\(index)]", &reader) {
                // The ledger, fills and liquidations book USD at USD prices: not yet an inverse position's coin.
                let inverseField = position.instrument.settlement == .coin ? "settlement"
                    : position.sizeUnit == .usd ? "sizeUnit" : position.markPrice != nil ? "markPrice" : nil
                if let inverseField {
                    reader.fail("positions[\(index)].\(inverseField)", "a stored account holds quote-settled positions for now: margin inverse ones with POST /v1/margin (docs/INVERSE.md)")
                }
                positions.append(position)
            }
        }
        guard reader.issues.isEmpty else { return .failure(.invalid(reader.issues)) }
        let portfolio = Portfolio(cash: cash, collateral: collateral, positions: positions)
        var issues = portfolio.validationIssues()
        if profile == StandardMethodology.profileName {
            issues += portfolio.unknownUnderlyingIssues(known: Set(parameters.underlyings.keys), profile: profile, missing: "parameters")
        }
        guard issues.isEmpty else { return .failure(.invalid(issues)) }
        return .success(AccountDocument(portfolio: portfolio, mode: mode, methodology: profile))
    }

    /// The canonical stored form: numbers as numbers, instruments by name where they have one.
    var json: JSONValue {
        .object([
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
                    "size": .number(position.size),
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
