import Testing
@testable import RiskCore

/// A BTC account's plan: every money figure in BTC, the order in the position's USD.
extension LiquidationPlannerTests {
    @Test func aCoinAccountsPlanIsInItsCoin() throws {
        // 600,000 USD of the inverse perpetual long from 60,000 at 59,000: 600,000/59,000 BTC,
        // equity 0.25 - 600,000 (1/59,000 - 1/60,000) BTC, MM (1% + 0.00005 per coin) of the coins.
        let perpetual = Instrument.perpetual("BTC").settled(in: .coin)
        let portfolio = Portfolio(cash: 0.25, positions: [Position(instrument: perpetual, size: 600_000, sizeUnit: .usd, entryPrice: 60_000)],
                                  currency: "BTC")
        let margin = marginFunction(.isolated, spot: 59_000)
        // A 0.2% penalty: at 1% (about the MM rate) only closing everything would do.
        var liquidation = LiquidationParameters()
        liquidation.penaltyRate = 0.002
        let plan = try planner(liquidation).plan(portfolio, margin: margin)
        let coins = 600_000.0 / 59_000
        #expect(close(plan.equityBefore, 0.25 - 600_000 * (1.0 / 59_000 - 1.0 / 60_000), relative: 1e-12))
        #expect(close(plan.maintenanceMarginBefore, coins * (0.01 + 0.00005 * coins), relative: 1e-12))
        #expect(plan.statusBefore == .liquidatable)
        let step = try #require(plan.steps.first)
        #expect(plan.steps.count == 1 && plan.reachesTarget && step.fraction < 0.5)
        #expect(step.sizeUnit == .usd && close(step.size, -600_000 * step.fraction, relative: 1e-12))
        // The coins closed at the spot, in BTC at the spot: the coins themselves.
        #expect(close(step.notional, coins * step.fraction, relative: 1e-12))
        #expect(close(step.penalty, 0.002 * step.notional, relative: 1e-12))
        #expect(close(step.gasCost, 5.0 / 59_000, relative: 1e-12))
        // Closing at the mark moves the closed part's coin P&L to cash: only the penalty leaves equity.
        #expect(close(plan.equityAfter, plan.equityBefore - step.penalty, relative: 1e-12))
        #expect(close(try #require(plan.marginRatioAfter), 1.1, relative: 1e-9))
        let after = try margin(plan.portfolioAfter)
        #expect(close(after.equity, plan.equityAfter, relative: 1e-12) && after.currency.code == "BTC")
        #expect(close(plan.portfolioAfter.positions[0].size, 600_000 * (1 - step.fraction), relative: 1e-12))
    }
}
