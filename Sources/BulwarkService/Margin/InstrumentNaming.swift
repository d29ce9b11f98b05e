import RiskCore

/// Which convention a request's plain instrument names follow (`instrumentNames`,
/// docs/INVERSE.md): Bulwark's, where `BTC-PERPETUAL` is linear, or Deribit's, where plain
/// names are inverse (coin-settled) and linear ones carry `_USDC`. Underscore names mean
/// the same under both.
enum InstrumentNaming: String, CaseIterable, Sendable {
    case bulwark
    case deribit

    var plainSettlement: Settlement { self == .deribit ? .coin : .quote }
}
