import PriceOracle
import Synchronization

/// Prices set by hand: for tests, benchmarks and replaying a price path.
public final class ManualPriceSource: MarketSnapshotSource {
    private let state = Mutex<[String: MonitorQuote]>([:])

    public init(_ prices: [String: Double] = [:]) {
        state.withLock { quotes in
            for (asset, price) in prices { quotes[asset] = MonitorQuote(price: price) }
        }
    }

    public func set(_ asset: String, _ price: Double?, status: AggregatedPrice.Status = .ok, reason: String? = nil) {
        state.withLock { $0[asset] = MonitorQuote(price: price, status: status, reason: reason) }
    }

    public func quotes() -> [String: MonitorQuote] { state.withLock { $0 } }

    public func optionQuote(_ instrument: String) -> OptionQuote? { nil }
}
