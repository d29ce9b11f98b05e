import BulwarkJSON

/// Totals of one parameter set over a backtest's book.
struct BookFigures: Sendable {
    var maintenanceMargin = 0.0
    var initialMargin = 0.0
    var grossNotional = 0.0
    var statuses: [String: Int] = [:]
    var unpriced = 0

    /// Maintenance margin per unit of gross notional: what the parameters cost the book.
    var capitalEfficiency: Double? { grossNotional > 0 ? maintenanceMargin / grossNotional : nil }

    var json: JSONValue {
        .object([
            "maintenanceMargin": .number(maintenanceMargin),
            "initialMargin": .number(initialMargin),
            "grossNotional": .number(grossNotional),
            "capitalEfficiency": .number(capitalEfficiency),
            "statuses": .object(sortingKeysOf: statuses) { .number(Double($0)) },
            "unpriced": .number(Double(unpriced)),
        ])
    }
}
