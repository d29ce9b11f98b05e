/// Isolated margin: each position alone, requirements summed (docs/METHODOLOGY.md, "Isolated").
///
/// Long options need nothing (their premium is paid). Short call: MM = r S |q|,
/// IM = max(base - OTM/S, min) S |q| with OTM = max(K - S, 0). Short put:
/// MM = max(r S, r mark) |q|, IM = max(max(base - OTM/S, min) S, MM per unit) |q| with
/// OTM = max(S - K, 0). Futures and perpetuals: MM = mmRate |q| S, IM = imRate |q| S; inverse
/// ones Deribit's standard margin, MM = (inverseMM + perCoin |q|) |q| S, IM likewise
/// (docs/INVERSE.md). Inverse options take the same rates, in coin x S.
public struct IsolatedMargin: Sendable {
    public var parameters: RiskParameters
    /// The parameter set's version, computed once by the caller (hashing it per result is costly).
    public var parametersVersion: String

    public init(parameters: RiskParameters, parametersVersion: String? = nil) {
        self.parameters = parameters
        self.parametersVersion = parametersVersion ?? parameters.version
    }

    public func requirement(of position: PositionValuation) -> (initial: Double, maintenance: Double) {
        let rates = parameters.underlyings[position.instrument.underlying]!.isolated
        let quantity = abs(position.size)
        let spot = position.spot
        switch position.instrument.kind {
        case .call, .put:
            guard position.size < 0, let strike = position.instrument.strike else { return (0, 0) }
            let isCall = position.instrument.kind == .call
            let outOfTheMoney = isCall ? max(strike - spot, 0) : max(spot - strike, 0)
            let maintenancePerUnit = isCall
                ? rates.optionMaintenanceRate * spot
                : max(rates.optionMaintenanceRate * spot, rates.optionMaintenanceRate * position.quoteMark)
            var initialPerUnit = max(rates.optionInitialBaseRate - outOfTheMoney / spot, rates.optionInitialMinimumRate) * spot
            if !isCall { initialPerUnit = max(initialPerUnit, maintenancePerUnit) }
            return (initialPerUnit * quantity, maintenancePerUnit * quantity)
        case .future where position.instrument.settlement == .coin, .perpetual where position.instrument.settlement == .coin:
            // Deribit's standard margin: a rate growing with the coin size.
            let increment = rates.inverseFuturesRatePerCoin * quantity
            return ((rates.inverseFuturesInitialRate + increment) * quantity * spot,
                    (rates.inverseFuturesMaintenanceRate + increment) * quantity * spot)
        case .future, .perpetual:
            return (rates.futuresInitialRate * quantity * spot, rates.futuresMaintenanceRate * quantity * spot)
        }
    }

    public func margin(_ valued: ValuedPortfolio) -> MarginResult {
        let currency = valued.currency
        var requirements: [PositionRequirement] = []
        var initial = currency.amount(valued.collateralInitialAddOn)
        var maintenance = 0.0
        for (index, position) in valued.positions.enumerated() {
            let requirement = requirement(of: position)
            let (positionInitial, positionMaintenance) = (currency.amount(requirement.initial), currency.amount(requirement.maintenance))
            requirements.append(PositionRequirement(index: index, initialMargin: positionInitial, maintenanceMargin: positionMaintenance))
            initial += positionInitial
            maintenance += positionMaintenance
        }
        return MarginResult(mode: .isolated, valued: valued, initialMargin: initial, maintenanceMargin: maintenance,
                            breakdown: .isolated(IsolatedBreakdown(positions: requirements)),
                            parametersVersion: parametersVersion)
    }
}
