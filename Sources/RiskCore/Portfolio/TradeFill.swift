/// A trade on an account: `size` (signed) of an instrument at `price`, and the fee charged.
public struct TradeFill: Sendable, Equatable {
    public var instrument: Instrument
    public var size: Double
    public var price: Double
    public var fee: Double

    public init(instrument: Instrument, size: Double, price: Double, fee: Double = 0) {
        self.instrument = instrument
        self.size = size
        self.price = price
        self.fee = fee
    }
}
