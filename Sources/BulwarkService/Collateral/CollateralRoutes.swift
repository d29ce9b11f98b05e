import BulwarkJSON
import HTTPServer
import RiskCore

/// The collateral registry and haircuts.
struct CollateralRoutes: Sendable {
    let registry: ParameterRegistry
    var parameters: RiskParameters { registry.current.parameters }

    func add(to routes: inout RouteTable) {
        routes.add(.get, "/v1/collateral/haircuts", .reader, haircuts)
        routes.add(.get, "/v1/collateral/haircuts/{asset}", .reader, haircut)
    }

    /// `GET /v1/collateral/haircuts`: the registry, each asset's parameters and its base haircut
    /// (no exposure, no concentration).
    func haircuts(_ request: HTTPRequest) -> HTTPResponse {
        let model = HaircutModel(parameters: parameters.collateral)
        let assets = parameters.collateral.assets.keys.sorted().map { symbol -> JSONValue in
            let asset = parameters.collateral.assets[symbol]!
            let haircut = model.haircut(asset: symbol, amount: 0, price: 1, exposures: [:])!
            return assetJSON(symbol, asset, haircut: haircut)
        }
        return JSONResponse.make(.object([
            "parameters": .object(["version": .string(parameters.version)]),
            "confidenceZ": .number(parameters.collateral.confidenceZ),
            "horizonDays": .number(parameters.collateral.horizonDays),
            "correlationAddOn": .number(parameters.collateral.correlationAddOn),
            "concentrationFactor": .number(parameters.collateral.concentrationFactor),
            "assets": .array(assets),
        ]))
    }

    /// `GET /v1/collateral/haircuts/{asset}?amount=&price=&against=&direction=`: the haircut of an
    /// amount held against an exposure, with each component.
    func haircut(_ request: HTTPRequest) -> HTTPResponse {
        let symbol = (request.pathParameters["asset"] ?? "").uppercased()
        guard let asset = parameters.collateral.assets[symbol] else {
            return APIError.notFound("no collateral asset '\(symbol)'; known: \(parameters.collateral.assets.keys.sorted().joined(separator: ", "))")
                .response(instance: request.path)
        }
        let query = request.queryParameters
        var reader = FieldReader()
        for key in query.keys where !["amount", "price", "against", "direction"].contains(key) {
            reader.fail(key, "is not a known query parameter; known: amount, price, against, direction")
        }
        let amount = query["amount"].flatMap { reader.number(JSONValue.string($0), "amount") } ?? 0
        let price = query["price"].flatMap { reader.number(JSONValue.string($0), "price") }
        if let issue = ValueCheck.amount(amount, field: "amount") { reader.fail(issue.field, issue.reason) }
        if amount < 0 { reader.fail("amount", "must be at least 0") }
        if let price, let issue = ValueCheck.positivePrice(price, field: "price") { reader.fail(issue.field, issue.reason) }
        var exposures: [String: ExposureDirection] = [:]
        if let against = query["against"] {
            let underlying = against.uppercased()
            if parameters.underlyings[underlying] == nil {
                reader.fail("against", "unknown underlying '\(against)'; known: \(parameters.underlyings.keys.sorted().joined(separator: ", "))")
            }
            let direction = query["direction"] ?? "long"
            if let parsed = ExposureDirection(rawValue: direction) {
                exposures[underlying] = parsed
            } else {
                reader.fail("direction", "must be long or short")
            }
        } else if query["direction"] != nil {
            reader.fail("direction", "needs 'against': the underlying the account is exposed to")
        }
        if amount > 0 && price == nil {
            reader.fail("price", "is required with an amount: the concentration add-on depends on the value held")
        }
        guard reader.issues.isEmpty else { return APIError.invalid(reader.issues).response(instance: request.path) }
        let model = HaircutModel(parameters: parameters.collateral)
        let haircut = model.haircut(asset: symbol, amount: amount, price: price ?? 1, exposures: exposures)!
        var body = assetJSON(symbol, asset, haircut: haircut)
        if case .object(var object) = body {
            object["amount"] = .number(amount)
            if let price {
                object["price"] = .number(price)
                object["marketValue"] = .number(amount * price)
                object["value"] = .number(amount * price * (1 - haircut.total))
            }
            body = .object(object)
        }
        return JSONResponse.make(body)
    }

    private func assetJSON(_ symbol: String, _ asset: CollateralAsset, haircut: Haircut) -> JSONValue {
        .object([
            "asset": .string(symbol),
            "category": .string(asset.category.rawValue),
            "tracks": asset.tracks.map(JSONValue.string),
            "annualVolatility": .number(asset.annualVolatility),
            "marketDepth": .number(asset.marketDepth),
            "haircut": .number(haircut.total),
            "components": MarginResponse.haircutComponents(haircut),
        ])
    }
}
