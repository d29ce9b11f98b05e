import BulwarkJSON
import RiskCore

extension DeriveSRMBreakdown {
    /// The breakdown of a derive-srm margin: Derive's own net MM and IM, and per market and
    /// expiry what each part contributes (negative: a charge).
    func write(into json: inout JSONStreamWriter) {
        json.field("deriveMaintenance", maintenance)
        json.field("deriveInitial", initial)
        json.field("markToMarket", markToMarket)
        json.field("cash", cash)
        json.field("stablePrice", stablePrice)
        json.field("depegMultiplier", depegMultiplier)
        json.array("markets") { json in
            for market in markets {
                json.element { json in
                    json.field("underlying", market.underlying)
                    json.field("spot", market.spot)
                    json.field("maintenance", market.maintenance)
                    json.field("initial", market.initial)
                    json.array("expiries") { json in
                        for expiry in market.expiries { json.element { expiry.write(into: &$0) } }
                    }
                    json.object("perp") { json in
                        json.field("size", market.perpSize)
                        json.field("maintenance", market.perpMaintenance)
                        json.field("initial", market.perpInitial)
                        json.field("unsettled", market.perpUnsettled)
                        json.field("confidenceCharge", market.perpConfidenceCharge)
                    }
                    json.object("base") { json in
                        json.field("units", market.baseUnits)
                        json.field("maintenance", market.baseMaintenance)
                        json.field("initial", market.baseInitial)
                        json.field("confidenceCharge", market.baseConfidenceCharge)
                    }
                    json.field("depegCharge", market.depegCharge)
                }
            }
        }
    }
}

extension DeriveSRMBreakdown.Expiry {
    func write(into json: inout JSONStreamWriter) {
        json.field("expiry", expiry.iso8601)
        json.field("forward", forward)
        json.object("isolated") { json in
            json.field("maintenance", isolatedMaintenance)
            json.field("initial", isolatedInitial)
        }
        json.object("maxLoss") { json in
            json.field("maintenance", maxLossMaintenance)
            json.field("initial", maxLossInitial)
            json.field("settlementPrice", maxLossPrice)
            json.field("netCalls", netCalls)
            json.field("unpairedMaintenance", unpairedMaintenance)
            json.field("unpairedInitial", unpairedInitial)
        }
        json.field("maintenanceApplied", maintenanceUsesMaxLoss ? "maxLoss" : "isolated")
        json.field("initialApplied", initialUsesMaxLoss ? "maxLoss" : "isolated")
        json.field("maintenance", maintenance)
        json.field("initial", initial)
        json.field("confidenceCharge", confidenceCharge)
    }
}
