#!/usr/bin/env python3
"""Independent reference figures for the `standard` methodology tests.

Prices with mpmath at 40 digits, straight from the formulas in docs/METHODOLOGY.md,
without any of the Swift code: the tests in Tests/RiskCoreTests/Margin hold the
numbers this prints.  Run: python3 scripts/standard_reference.py
"""
from mpmath import mp, mpf, ncdf, log, sqrt, exp

mp.dps = 40
YEAR = mpf(365 * 86400)


def black76(kind, F, K, T, vol, r=0):
    F, K, T, vol, r = map(mpf, (F, K, T, vol, r))
    if T <= 0:
        return max(F - K, 0) if kind == "call" else max(K - F, 0)
    sd = vol * sqrt(T)
    d1 = log(F / K) / sd + sd / 2
    d2 = d1 - sd
    D = exp(-r * T)
    if kind == "call":
        return D * (F * ncdf(d1) - K * ncdf(d2))
    return D * (K * ncdf(-d2) - F * ncdf(-d1))


def liquidity(notional, rate, depth):
    notional = mpf(notional)
    return notional * rate * (1 + sqrt(notional / depth))


def portfolio_short_call():
    """Short 1 BTC call K=65000, 30 days, vol 0.6, spot = forward 60000, rate 0."""
    S, K, T, vol, q = 60000, 65000, mpf(30 * 86400) / YEAR, mpf("0.6"), -1
    mark = black76("call", S, K, T, vol)
    worst = None
    rows = []
    for s in [mpf(x) / 1000 for x in (-100, -75, -50, -25, 0, 25, 50, 75, 100)]:
        for v in (mpf("-0.2"), mpf(0), mpf("0.2")):
            pnl = q * (black76("call", S * (1 + s), K, T, vol * (1 + v)) - mark)
            rows.append((s, v, pnl))
    for s in (mpf("-0.3"), mpf("0.3")):
        pnl = q * (black76("call", S * (1 + s), K, T, vol * mpf("1.2")) - mark) * mpf("0.33")
        rows.append((s, "extreme", pnl))
    worst = min(rows, key=lambda row: row[2])
    scan = -worst[2]
    minimum = 1 * S * mpf("0.01")
    liq = liquidity(S, mpf("0.003"), mpf(50_000_000))
    mm = max(scan, minimum) + liq
    print("portfolio short call: mark", mark, "worst", worst, "scan", scan, "liquidity", liq, "MM", mm, "IM", mm * mpf("1.25"))


def cross_perp_and_call():
    """Long 2 BTC perps and short 1 call K=65000, 30 days, vol 0.6, ATM vol 0.6, spot 60000."""
    S, K, T, vol = mpf(60000), mpf(65000), mpf(30 * 86400) / YEAR, mpf("0.6")
    sd = vol * sqrt(T)
    d1 = log(S / K) / sd + sd / 2
    delta = ncdf(d1)
    gamma = exp(-d1 * d1 / 2) / sqrt(2 * mp.pi) / (S * sd)
    vega = S * exp(-d1 * d1 / 2) / sqrt(2 * mp.pi) * sqrt(T)
    m = 3 * vol * sqrt(mpf(1) / 365)
    net_delta = 2 - delta
    net_gamma = -gamma
    delta_req = abs(net_delta) * S * m
    gamma_charge = max(0, -net_gamma * (S * m) ** 2 / 2)
    up = -(-1 * vega * vol * mpf("0.25"))  # -sum q vega sigma volUp with q = -1
    down = -1 * vega * vol * mpf("0.25")
    vega_buffer = max(0, up, down)
    liq = liquidity(2 * S, mpf("0.0005"), mpf(50_000_000)) + liquidity(S, mpf("0.003"), mpf(50_000_000))
    mm = delta_req + gamma_charge + vega_buffer + liq
    print("cross perp+call: m", m, "delta", net_delta, "deltaReq", delta_req, "gamma", gamma_charge,
          "vega", vega_buffer, "liquidity", liq, "MM", mm, "IM", mm * mpf("1.25"))


def haircut_eth():
    """10 ETH at 3000 held by an account long ETH."""
    vol = mpf("2.33") * mpf("0.75") * sqrt(mpf(2) / 365)
    conc = mpf("0.1") * sqrt(mpf(30000) / mpf(100_000_000))
    total = vol + mpf("0.1") + conc
    print("haircut ETH: volatility", vol, "concentration", conc, "total", total, "value", 30000 * (1 - total))


if __name__ == "__main__":
    portfolio_short_call()
    cross_perp_and_call()
    haircut_eth()
