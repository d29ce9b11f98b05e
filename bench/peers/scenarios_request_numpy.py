#!/usr/bin/env python3
"""The end-to-end scenario benchmark's peer: what a Python service does with the body of
POST /v1/scenarios in process, with no HTTP around it. It parses the same JSON
(json.loads), builds numpy arrays from the positions (ISO-8601 expiries included), revalues
the book on the request's grid with numpy and scipy (Black-76 by broadcasting, as
scenarios_numpy.py), finds the worst scenario, each position's P&L in it, and writes the
answer (json.dumps) with every scenario and position, as Bulwark's answer does.

  scenarios_request_numpy.py write OPTIONS FILE   the request body (scenarios_numpy.py's book)
  scenarios_request_numpy.py run FILE             one JSON line: milliseconds per request
"""
import json
import sys
import time
from datetime import datetime, timedelta, timezone

import numpy as np
from scipy.special import ndtr

from scenarios_numpy import SplitMix64, black76

AS_OF = datetime(2026, 12, 1, 8, tzinfo=timezone.utc)
SPOT = 90_000.0
SPOT_SHOCKS = [round(-0.15 + i * 0.015, 10) for i in range(21)]
VOL_SHOCKS = [-0.25, 0.0, 0.25]
YEAR_SECONDS = 365 * 86_400


def write(count, path):
    """The book of scenarios_numpy.book (same seed, same draws), as a request body."""
    random = SplitMix64(2026)
    positions = []
    for _ in range(count):
        days = 1 + int(random.uniform() * 364)
        kind = "call" if random.uniform() < 0.5 else "put"
        strike = round(50_000 + random.uniform() * 100_000)
        first = round(random.uniform() * 20 - 10)
        size = 1 if first == 0 else round(random.uniform() * 20 - 10)
        vol = 0.3 + random.uniform() * 0.9
        expiry = (AS_OF + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        positions.append({"instrument": {"underlying": "BTC", "kind": kind, "strike": strike, "expiry": expiry},
                          "size": size, "markIv": vol})
    body = {"asOf": AS_OF.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "grid": {"spotShocks": SPOT_SHOCKS, "volShocks": VOL_SHOCKS},
            "positions": positions, "market": {"BTC": {"spot": SPOT}}}
    with open(path, "w") as f:
        json.dump(body, f, separators=(",", ":"))


def compute(body):
    """The request parsed and revalued: what the answer is written from."""
    request = json.loads(body)
    as_of = datetime.fromisoformat(request["asOf"].replace("Z", "+00:00"))
    positions = request["positions"]
    sign = np.array([1.0 if p["instrument"]["kind"] == "call" else -1.0 for p in positions])
    strike = np.array([float(p["instrument"]["strike"]) for p in positions])
    t = np.array([(datetime.fromisoformat(p["instrument"]["expiry"].replace("Z", "+00:00")) - as_of).total_seconds()
                  for p in positions]) / YEAR_SECONDS
    size = np.array([float(p["size"]) for p in positions])
    vol = np.array([float(p["markIv"]) for p in positions])
    spot = float(request["market"]["BTC"]["spot"])
    spot_shocks = np.array(request["grid"]["spotShocks"], dtype=float)
    vol_shocks = np.array(request["grid"]["volShocks"], dtype=float)

    mark = black76(sign, spot, strike, t, vol)
    forward = spot * (1 + spot_shocks)[:, None, None]
    shocked_vol = vol[None, None, :] * (1 + vol_shocks)[None, :, None]
    position_pnl = size * (black76(sign, forward, strike, t, shocked_vol) - mark)
    pnl = position_pnl.sum(axis=-1)
    worst = np.unravel_index(np.argmin(pnl), pnl.shape)
    scenarios = [{"spotShock": float(s), "volShock": float(v), "weight": 1.0, "extreme": False,
                  "pnl": float(pnl[i, j]), "weightedPnl": float(pnl[i, j])}
                 for i, s in enumerate(spot_shocks) for j, v in enumerate(vol_shocks)]
    return request, spot, scenarios, worst, position_pnl[worst], float(pnl[worst])


def write_answer(request, spot, scenarios, worst, worst_pnl, worst_total):
    positions = request["positions"]
    vol_shocks = request["grid"]["volShocks"]
    return json.dumps({
        "asOf": request["asOf"], "methodology": {"profile": "standard"}, "accountCurrency": "USD",
        "underlyings": [{"underlying": "BTC", "spot": spot, "scenarios": scenarios,
                         "worstScenario": dict(index=int(worst[0] * len(vol_shocks) + worst[1]),
                                               **scenarios[worst[0] * len(vol_shocks) + worst[1]]),
                         "positions": [{"instrument": p["instrument"], "settlement": "usd", "size": p["size"],
                                        "pnl": float(worst_pnl[k])} for k, p in enumerate(positions)],
                         "collateral": [], "scanLoss": -worst_total}],
    }, separators=(",", ":")).encode()


def run(path):
    with open(path, "rb") as f:
        body = f.read()
    for _ in range(20):
        write_answer(*compute(body))
    computing, answering = [], []
    start = time.perf_counter()
    while time.perf_counter() - start < 3:
        began = time.perf_counter()
        result = compute(body)
        computed = time.perf_counter()
        out = write_answer(*result)
        computing.append(computed - began)
        answering.append(time.perf_counter() - began)
    computing.sort()
    answering.sort()

    def ms(timings):
        return round(timings[len(timings) // 2] * 1e3, 3)

    # Medians: the parse and revaluation alone (the figure the goal compares with), and
    # with the answer written as well.
    print(json.dumps({"benchmark": "scenarios-request-numpy", "requestBytes": len(body), "answerBytes": len(out),
                      "requests": len(computing), "parseAndComputeMs": ms(computing), "withAnswerMs": ms(answering),
                      "worstPnl": result[-1], "numpy": np.__version__}))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(int(sys.argv[2]), sys.argv[3])
    else:
        run(sys.argv[2])
