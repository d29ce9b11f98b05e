import PriceOracle
import Synchronization

/// Prices set by hand: for tests, benchmarks and replaying a price path.
public final class ManualPriceSource: MarketDataProvider {
    private let state = Mutex<[String: PriceQuote]>([:])

    public init(_ prices: [String: Double] = [:]) {
        state.withLock { quotes in
            for (asset, price) in prices { quotes[asset] = PriceQuote(price: price) }
        }
    }

    public func set(_ asset: String, _ price: Double?, status: AggregatedPrice.Status = .ok, reason: String? = nil) {
        state.withLock { $0[asset] = PriceQuote(price: price, status: status, reason: reason) }
    }

    public func quotes() -> [String: PriceQuote] { state.withLock { $0 } }

    public func quote(_ asset: String) -> PriceQuote? { state.withLock { $0[asset] } }

    public func optionQuote(_ instrument: String) -> OptionQuote? { nil }

    public func covers(_ asset: String) -> Bool { quote(asset) != nil }
}
