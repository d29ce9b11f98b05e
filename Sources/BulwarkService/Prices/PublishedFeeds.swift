import BulwarkJSON
import Foundation
import PriceOracle
import Synchronization

/// The feeds' prices on a shared store (docs/SCALING.md, "One price publisher"): the
/// instance holding the publisher's lease uses its own feeds and publishes each tick through
/// the store; every other instance margins with that tick, so all monitors see the same
/// prices. A tick older than `maxAge` (the publisher died, the store is cut off) is no price:
/// its assets are unavailable, which pauses liquidations on them, until a new publisher's
/// first tick.
final class PublishedFeeds: MarketDataProvider {
    let local: any MarketDataProvider
    let membership: ClusterMembership
    let maxAge: Double
    private let latest = Mutex<Tick?>(nil)
    private let lastPublished = Mutex<(document: JSONValue, at: Double)?>(nil)

    /// A tick as read: its prices, how old it was at the store's clock, and when it was read.
    private struct Tick {
        var publisher: String
        var quotes: [String: PriceQuote]
        var options: [String: OptionQuote]
        var ageWhenRead: Double
        var readAt: Date
    }

    init(local: any MarketDataProvider, membership: ClusterMembership, maxAge: Double = 10) {
        self.local = local
        self.membership = membership
        self.maxAge = maxAge
    }

    // MARK: MarketDataProvider

    func quotes() -> [String: PriceQuote] {
        if membership.isPricePublisher { return local.quotes() }
        guard let tick = latest.withLock({ $0 }) else { return [:] }
        let age = tick.ageWhenRead + Date().timeIntervalSince(tick.readAt)
        guard age <= maxAge else {
            return tick.quotes.mapValues { _ in
                PriceQuote(price: nil, status: .unavailable, reason: "the price publisher \(tick.publisher)'s last tick is \(Int(age)) s old")
            }
        }
        return tick.quotes
    }

    func quote(_ asset: String) -> PriceQuote? {
        membership.isPricePublisher ? local.quote(asset) : quotes()[asset]
    }

    func optionQuote(_ instrument: String) -> OptionQuote? {
        if membership.isPricePublisher { return local.optionQuote(instrument) }
        return latest.withLock { $0?.options[instrument] }
    }

    func optionQuotes() -> [OptionQuote] {
        membership.isPricePublisher ? local.optionQuotes() : latest.withLock { $0.map { Array($0.options.values) } ?? [] }
    }

    func covers(_ asset: String) -> Bool { local.covers(asset) }

    func coversOptions(_ asset: String) -> Bool { local.coversOptions(asset) }

    // MARK: Publishing

    /// The publisher writes its tick (when it changed, and at least every second so that it
    /// stays fresh); the others read the latest.
    func sync(_ store: any Store) throws {
        if membership.isPricePublisher {
            let document = Self.document(quotes: local.quotes(), options: local.optionQuotes())
            let now = Date().timeIntervalSince1970
            if let last = lastPublished.withLock({ $0 }), last.document == document, now - last.at < 1 { return }
            try store.write { transaction in
                try transaction.prices.savePublishedTick(PublishedTick(publisher: membership.instanceID,
                                                                       publishedAt: try transaction.cluster.now(), document: document))
            }
            lastPublished.withLock { $0 = (document, now) }
        } else {
            let read = try store.read { transaction in (try transaction.prices.publishedTick(), try transaction.cluster.now()) }
            guard let tick = read.0 else { return }
            let (quotes, options) = Self.read(tick.document)
            latest.withLock { $0 = Tick(publisher: tick.publisher, quotes: quotes, options: options,
                                        ageWhenRead: max(0, read.1 - tick.publishedAt), readAt: Date()) }
        }
    }

    static func document(quotes: [String: PriceQuote], options: [OptionQuote]) -> JSONValue {
        .object([
            "quotes": .object(sortingKeysOf: quotes) { quote in
                .object(["price": .number(quote.price), "confidence": .number(quote.confidence), "status": .string(quote.status.rawValue),
                         "reason": quote.reason.map(JSONValue.string)])
            },
            "options": .object(JSONObject(options.sorted { $0.instrument < $1.instrument }.map { option in
                (option.instrument, .object(["markIv": .number(option.markIv), "forward": .number(option.forward),
                                             "publishedAt": .number(option.publishedAt)]))
            })),
        ])
    }

    static func read(_ document: JSONValue) -> (quotes: [String: PriceQuote], options: [String: OptionQuote]) {
        func number(_ value: JSONValue?) -> Double? { if case .number(let number)? = value { number } else { nil } }
        var quotes: [String: PriceQuote] = [:]
        if case .object(let object)? = document["quotes"] {
            for (asset, quote) in object {
                guard case .string(let text)? = quote["status"], let status = AggregatedPrice.Status(rawValue: text) else { continue }
                let reason: String? = if case .string(let reason)? = quote["reason"] { reason } else { nil }
                quotes[asset] = PriceQuote(price: number(quote["price"]), confidence: number(quote["confidence"]), status: status, reason: reason)
            }
        }
        var options: [String: OptionQuote] = [:]
        if case .object(let object)? = document["options"] {
            for (name, option) in object {
                guard let markIv = number(option["markIv"]) else { continue }
                options[name] = OptionQuote(instrument: name, markIv: markIv, forward: number(option["forward"]), publishedAt: number(option["publishedAt"]))
            }
        }
        return (quotes, options)
    }
}
