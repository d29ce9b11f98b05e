import BulwarkJSON

/// How the venue's posted prices and the feeds' are combined (config `prices`):
/// `{"precedence": "venue-first", "maxAge": 60}`.
public struct PriceConfiguration: Sendable, Equatable {
    public var precedence = PricePrecedence.venueFirst
    /// Seconds after its timestamp a posted price is stale (the feeds' sources have a `maxAge` too).
    public var maxAge = 60.0

    public init() {}

    static func parse(_ value: JSONValue?, _ reader: inout FieldReader) -> PriceConfiguration? {
        guard let object = reader.object(value, "prices", allowed: ["precedence", "maxAge"]) else { return nil }
        var configuration = PriceConfiguration()
        if let precedence = reader.oneOf(object["precedence"], "prices.precedence", PricePrecedence.self) { configuration.precedence = precedence }
        if let maxAge = reader.number(object["maxAge"], "prices.maxAge") {
            if maxAge >= 1 && maxAge <= 86_400 { configuration.maxAge = maxAge } else { reader.fail("prices.maxAge", "must be from 1 to 86400 seconds") }
        }
        return configuration
    }
}
