import RiskCore

/// Margin before and after prospective trades, and whether a venue should accept them.
///
/// Accepted when, after the trades, equity covers initial margin; or when they reduce risk
/// (maintenance margin does not rise and the surplus over it does not fall), since a venue
/// lets an account below initial margin trade out of risk. Insufficient margin is an
/// answer, not an error.
struct WhatIfOutcome: Sendable {
    var before: MarginResult
    var after: MarginResult

    var reducesRisk: Bool {
        after.maintenanceMargin <= before.maintenanceMargin
            && after.equity - after.maintenanceMargin >= before.equity - before.maintenanceMargin
    }

    var accepted: Bool { after.equity >= after.initialMargin || reducesRisk }

    var reason: String? {
        guard !accepted else { return nil }
        return "insufficient margin: after the trades equity \(after.equity) is below initial margin \(after.initialMargin), and the trades add risk"
    }
}
