#!/usr/bin/env python3
"""The scenario benchmark's peer: the same 1,000-option book on the same 63-scenario grid,
revalued with numpy and scipy the way a Python user would write it (Black-76 over arrays,
scipy.stats.norm.cdf). Prints one JSON line: option valuations per second on one core.

The book is generated with the same SplitMix64 seed and draws as `bulwark-bench scenarios`,
so both price the same options; the worst P&L is printed to show they agree.
"""
import json
import sys
import time

import numpy as np
from scipy.special import ndtr

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53


def book(count):
    random = SplitMix64(2026)
    sign, strike, expiry_days, size, vol = [], [], [], [], []
    for _ in range(count):
        days = 1 + int(random.uniform() * 364)
        kind = 1.0 if random.uniform() < 0.5 else -1.0
        k = round(50_000 + random.uniform() * 100_000)
        first = round(random.uniform() * 20 - 10)
        s = 1.0 if first == 0 else float(round(random.uniform() * 20 - 10))
        v = 0.3 + random.uniform() * 0.9
        sign.append(kind); strike.append(k); expiry_days.append(days); size.append(s); vol.append(v)
    return (np.array(sign), np.array(strike, dtype=float), np.array(expiry_days) / 365.0,
            np.array(size), np.array(vol))


def black76(sign, forward, strike, t, vol):
    sd = vol * np.sqrt(t)
    d1 = np.log(forward / strike) / sd + 0.5 * sd
    d2 = d1 - sd
    return sign * (forward * ndtr(sign * d1) - strike * ndtr(sign * d2))


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    sign, strike, t, size, vol = book(count)
    spot = 90_000.0
    spot_shocks = np.array([-0.15 + i * 0.015 for i in range(21)])
    vol_shocks = np.array([-0.25, 0.0, 0.25])
    mark = black76(sign, spot, strike, t, vol)

    # Every scenario at once by broadcasting: (spot shocks, vol shocks, options).
    forward = spot * (1 + spot_shocks)[:, None, None]
    shocked_vol = vol[None, None, :] * (1 + vol_shocks)[None, :, None]

    def grid():
        prices = black76(sign, forward, strike, t, shocked_vol)
        return np.sum(size * (prices - mark), axis=-1)

    for _ in range(3):
        grid()
    rounds, start = 0, time.perf_counter()
    while time.perf_counter() - start < 2:
        result = grid()
        rounds += 1
    seconds = (time.perf_counter() - start) / rounds
    scenarios = len(spot_shocks) * len(vol_shocks)
    print(json.dumps({"benchmark": "scenarios-numpy", "options": count, "scenarios": scenarios,
                      "valuationsPerSecond": int(count * scenarios / seconds), "worstPnl": float(result.min()),
                      "numpy": np.__version__}))


if __name__ == "__main__":
    main()
