import BulwarkJSON
import Foundation
import HTTPServer
import PriceOracle
import RiskCore

/// The prices the service uses: the venue's posted ones (`PUT`), the feeds' aggregates with
/// the health of their sources, and which one each asset's price comes from.
struct PriceRoutes: Sendable {
    /// Nil when the feeds are off.
    let oracle: PriceOracle?
    /// Nil without a store: prices cannot be posted.
    let venue: VenuePriceBook?
    let market: VenueAndFeedsMarketData

    static let maxBatch = 1_000
    static let priceFields: JSONFieldNames = ["price", "confidence", "timestamp"]

    func add(to routes: inout RouteTable) {
        routes.add(.get, "/v1/prices", .reader, prices)
        routes.add(.put, "/v1/prices", .exchange, putPrices)
        routes.add(.get, "/v1/prices/{asset}", .reader, price)
        routes.add(.put, "/v1/prices/{asset}", .exchange, putPrice)
    }

    /// `GET /v1/prices`: the price used for each asset and where it comes from, and every
    /// price the venue posted.
    func prices(_ request: HTTPRequest) -> HTTPResponse {
        var assets = Set((venue?.all ?? []).map(\.asset))
        assets.formUnion(oracle?.assets ?? [])
        let health = sourceHealth()
        var json = JSONStreamWriter()
        json.object { json in
            json.field("enabled", oracle != nil)
            json.field("precedence", market.precedence.rawValue)
            json.array("prices") { json in
                for asset in assets.sorted() where market.source(of: asset) != nil {
                    json.element { writeUsed(asset, health: health, into: &$0) }
                }
            }
            json.array("venue") { json in
                for price in venue?.all ?? [] { json.element { writeVenue(price, into: &$0) } }
            }
        }
        return JSONResponse.make(bytes: json.finish())
    }

    /// `GET /v1/prices/{asset}`: the price used for it.
    func price(_ request: HTTPRequest) -> HTTPResponse {
        let asset = (request.pathParameters["asset"] ?? "").uppercased()
        guard market.source(of: asset) != nil else {
            let known = Set((venue?.all ?? []).map(\.asset)).union(oracle?.assets ?? []).sorted().joined(separator: ", ")
            return APIError.notFound("no price for '\(asset)': the venue posted none\(oracle == nil ? "" : " and the feeds do not price it")"
                                     + (known.isEmpty ? "" : "; priced: \(known)"))
                .response(instance: request.path)
        }
        var json = JSONStreamWriter()
        let health = sourceHealth()
        json.object { writeUsed(asset, health: health, into: &$0) }
        return JSONResponse.make(bytes: json.finish())
    }

    /// `PUT /v1/prices/{asset}`: `{"price", "confidence"?, "timestamp"?}` from the venue.
    func putPrice(_ request: HTTPRequest) -> HTTPResponse {
        let asset = (request.pathParameters["asset"] ?? "").uppercased()
        var reader = FieldReader()
        let outcome = BodyReading.object(request, allowed: Self.priceFields, &reader).flatMap { body -> Result<[VenuePrice], APIError> in
            if !Instrument.isValidUnderlying(asset) { reader.fail("asset", "must be 1 to 20 letters, digits or '_'") }
            let price = decode(body, asset: asset, field: "", &reader)
            guard reader.issues.isEmpty, let price else { return .failure(.invalid(reader.issues)) }
            return .success([price])
        }
        return post(outcome, request) { prices in venueJSON(prices[0]) }
    }

    /// `PUT /v1/prices`: `{"prices": {"BTC": {"price": ...}, ...}}`, all or none.
    func putPrices(_ request: HTTPRequest) -> HTTPResponse {
        var reader = FieldReader()
        let outcome = BodyReading.object(request, allowed: ["prices"], &reader).flatMap { body -> Result<[VenuePrice], APIError> in
            let list = reader.object(body["prices"], "prices") ?? JSONObject()
            if list.members.isEmpty { reader.fail("prices", "is required: an object of asset -> {\"price\": ...}") }
            if list.members.count > Self.maxBatch { reader.fail("prices", "must hold at most \(Self.maxBatch) assets") }
            var prices: [VenuePrice] = []
            for (key, value) in list.members {
                let asset = key.uppercased()
                if !Instrument.isValidUnderlying(asset) { reader.fail("prices.\(key)", "is not an asset: 1 to 20 letters, digits or '_'") }
                guard let object = reader.object(value, "prices.\(key)", allowed: Self.priceFields) else { continue }
                if let price = decode(object, asset: asset, field: "prices.\(key).", &reader) { prices.append(price) }
            }
            guard reader.issues.isEmpty else { return .failure(.invalid(reader.issues)) }
            return .success(prices)
        }
        return post(outcome, request) { prices in .object(["prices": .array(prices.map(venueJSON))]) }
    }

    /// One posted price: a positive price, a confidence from 0 to 1, a timestamp that is
    /// neither in the future nor already stale.
    private func decode(_ body: JSONObject, asset: String, field prefix: String, _ reader: inout FieldReader) -> VenuePrice? {
        let now = venue?.clock() ?? 0
        let price = reader.requiredNumber(body["price"], "\(prefix)price", hint: "the venue's price in the quote currency")
        if let price, let issue = ValueCheck.positivePrice(price, field: "\(prefix)price") { reader.fail(issue.field, issue.reason) }
        let confidence = reader.number(body["confidence"], "\(prefix)confidence")
        if let confidence, let issue = ValueCheck.unitInterval(confidence, field: "\(prefix)confidence") { reader.fail(issue.field, issue.reason) }
        var timestamp = now
        if let text = reader.string(body["timestamp"], "\(prefix)timestamp") {
            if let parsed = Timestamp(iso8601: text) {
                timestamp = Double(parsed.secondsSinceEpoch)
                let maxAge = venue?.maxAge ?? 0
                if timestamp > now + 60 { reader.fail("\(prefix)timestamp", "is in the future (more than 60 s past the service's clock)") }
                if timestamp < now - maxAge { reader.fail("\(prefix)timestamp", "is older than prices.maxAge (\(Int(maxAge)) s): the price would be stale on arrival") }
            } else {
                reader.fail("\(prefix)timestamp", "must be an RFC 3339 time such as 2026-12-01T08:00:00Z")
            }
        }
        guard let price else { return nil }
        return VenuePrice(asset: asset, price: price, confidence: confidence, timestamp: timestamp, receivedAt: now)
    }

    /// Stores decoded prices and answers with `body`; they are used from the next request and tick on.
    private func post(_ outcome: Result<[VenuePrice], APIError>, _ request: HTTPRequest, body: ([VenuePrice]) -> JSONValue) -> HTTPResponse {
        guard let venue else { return APIError.storeUnavailable.response(instance: request.path) }
        switch outcome {
        case .failure(let error):
            return error.response(instance: request.path)
        case .success(let prices):
            do { try venue.post(prices) } catch { return APIError.storage(error).response(instance: request.path) }
            return JSONResponse.make(body(prices))
        }
    }

    private func venueJSON(_ price: VenuePrice) -> JSONValue {
        .object(JSONObject([
            ("asset", .string(price.asset)), ("price", .number(price.price)), ("confidence", price.confidence.map(JSONValue.number) ?? .null),
            ("timestamp", .string(isoTime(price.timestamp))), ("receivedAt", .string(isoTime(price.receivedAt))),
            ("used", .bool(market.source(of: price.asset) == .venue)),
        ]))
    }

    private func writeVenue(_ price: VenuePrice, into json: inout JSONStreamWriter) {
        let quote = venue?.quote(price.asset)
        json.field("asset", price.asset)
        json.field("price", price.price)
        json.field("confidence", price.confidence)
        json.field("timestamp", isoTime(price.timestamp))
        json.field("receivedAt", isoTime(price.receivedAt))
        json.field("ageSeconds", venue?.age(price))
        json.field("status", quote?.status.rawValue ?? "unavailable")
        if let reason = quote?.reason { json.field("reason", reason) }
    }

    /// The price used for `asset`, with where it comes from.
    private func writeUsed(_ asset: String, health: [String: SourceHealth], into json: inout JSONStreamWriter) {
        if market.source(of: asset) == .venue, let price = venue?.price(asset) {
            writeVenue(price, into: &json)
            json.field("source", "venue")
        } else if let aggregated = oracle?.price(asset) {
            writeFeeds(aggregated, health: health, into: &json)
            json.field("source", "feeds")
        }
    }

    /// Each source's health by id, read once per response.
    private func sourceHealth() -> [String: SourceHealth] {
        Dictionary(uniqueKeysWithValues: (oracle?.health() ?? []).map { ($0.id, $0) })
    }

    private func writeFeeds(_ price: AggregatedPrice, health: [String: SourceHealth], into json: inout JSONStreamWriter) {
        json.field("asset", price.asset)
        json.field("price", price.price)
        json.field("confidence", price.confidence)
        json.field("status", price.status.rawValue)
        if let reason = price.reason { json.field("reason", reason) }
        json.array("sources") { json in
            for source in price.sources {
                json.element { json in
                    json.field("source", source.name)
                    json.field("price", source.price)
                    json.field("ageSeconds", source.age)
                    json.field("included", source.included)
                    if let reason = source.reason { json.field("reason", reason) }
                    if let state = health[source.name] {
                        json.field("url", state.url)
                        json.field("latencySeconds", state.latency)
                        if let success = state.lastSuccessAt { json.field("lastSuccess", isoTime(success)) }
                        if let error = state.lastError { json.field("lastError", error) }
                    }
                }
            }
        }
    }

    private func isoTime(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).ISO8601Format()
    }
}
