import Synchronization

/// The venue's latest price per asset: stored before it is acknowledged, held in memory for
/// every request and tick, and judged stale once older than `maxAge` seconds.
public final class VenuePriceBook: Sendable {
    let store: any Store
    /// Seconds after its timestamp a posted price stops being used.
    let maxAge: Double
    let clock: @Sendable () -> Double
    private let prices = Mutex<[String: VenuePrice]>([:])

    init(store: any Store, maxAge: Double, clock: @escaping @Sendable () -> Double) {
        self.store = store
        self.maxAge = maxAge
        self.clock = clock
    }

    /// Reads the prices the store kept, so a restart resumes with them; on a shared store,
    /// again and again, so that a price posted to any instance reaches every one. A price read
    /// is kept only if it was received no earlier than the one held.
    func load() throws {
        let stored = try store.read { try $0.prices.all() }
        prices.withLock { prices in
            for price in stored where prices[price.asset].map({ $0.receivedAt <= price.receivedAt }) ?? true { prices[price.asset] = price }
        }
    }

    /// Stores the prices in one transaction, then uses them: all or none.
    func post(_ posted: [VenuePrice]) throws {
        try store.write { transaction in
            for price in posted { try transaction.prices.save(price) }
        }
        prices.withLock { prices in
            for price in posted { prices[price.asset] = price }
        }
    }

    /// Every asset's latest posted price, by asset.
    var all: [VenuePrice] { prices.withLock { $0.values.sorted { $0.asset < $1.asset } } }

    func price(_ asset: String) -> VenuePrice? { prices.withLock { $0[asset] } }

    /// The asset's posted price as a quote: unavailable, saying why, once it is stale.
    func quote(_ asset: String) -> PriceQuote? {
        price(asset).map(quote)
    }

    func quotes() -> [String: PriceQuote] {
        var quotes: [String: PriceQuote] = [:]
        for price in all { quotes[price.asset] = quote(price) }
        return quotes
    }

    /// Seconds since the price's timestamp, never negative.
    func age(_ price: VenuePrice) -> Double { max(0, clock() - price.timestamp) }

    private func quote(_ price: VenuePrice) -> PriceQuote {
        let age = age(price)
        guard age <= maxAge else {
            return PriceQuote(price: nil, status: .unavailable,
                              reason: "the venue's price is \(Int(age.rounded())) s old (prices.maxAge \(Int(maxAge.rounded())) s)")
        }
        return PriceQuote(price: price.price, confidence: price.confidence)
    }
}
