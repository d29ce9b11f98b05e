/// Initial margin Deribit holds as account state and does not publish how it computes: its
/// market-maker-protection, open-orders and spot margins, in the account's currency, added
/// to the `deribit-pm` initial margin (docs/DERIBIT-PM.md).
public struct MarginAddOns: Hashable, Sendable {
    public var mmp: Double
    public var openOrders: Double
    public var spot: Double

    public init(mmp: Double = 0, openOrders: Double = 0, spot: Double = 0) {
        self.mmp = mmp
        self.openOrders = openOrders
        self.spot = spot
    }

    public static let none = MarginAddOns()

    public var total: Double { mmp + openOrders + spot }

    /// Each must be a finite amount of at least 0; fields relative to the add-ons.
    public func validationIssues() -> [ValidationIssue] {
        [("mmp", mmp), ("openOrders", openOrders), ("spot", spot)].compactMap { field, value in
            value.isFinite && value >= 0 && value <= ValueCheck.maximumAmount ? nil
                : ValidationIssue(field: field, reason: "must be a finite amount from 0 to 1e15, in the account currency")
        }
    }
}
