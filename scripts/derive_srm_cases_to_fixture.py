#!/usr/bin/env python3
"""Maps Derive's SRM cases onto POST /v1/margin requests (../shared/derive-srm/MAPPING.md) and
writes them, with Derive's MM and IM, to the tests' own fixture. The cases themselves stay
out of the project (BUSL-1.1): only the numbers the tests need are written.
  scripts/derive_srm_cases_to_fixture.py [CASES_DIR] > Tests/BulwarkServiceTests/Fixtures/derive_srm_cases.json
CASES_DIR holds one JSON file per case, named after it (portfolio cases, and unit cases TestN)."""
import datetime
import json
import math
import os
import sys
from fractions import Fraction

cases_dir = sys.argv[1] if len(sys.argv) > 1 else "../shared/derive-srm/cases"
T0 = datetime.datetime(2023, 1, 1, tzinfo=datetime.timezone.utc)
DAYS = {"20230104": 3, "20230111": 10, "20230118": 17, "20230227": 57, "20230804": 215, "20230811": 222, "20230818": 229, "20230825": 238}
FORWARD_OFFSETS = {
    "ETH": [0.91345, 2.83305, 4.7545, 15.7696, 59.87416, 61.85933, 63.8284, 66.3744],
    "BTC": [12.7883, 39.66276, 66.56301, 220.77451, 838.23835, 865.90472, 893.59763, 929.24184],
}
SPOT = {"ETH": 2000, "BTC": 28000}
PERP = {"ETH": 2001, "BTC": 28020}
# What a portfolio case's Solidity test sets before loading it.
SETUPS = {
    "test_USDC_depeg": {"stable": 0.1},
    "test_short_call_low_vol_conf": {"volConfidence": {("ETH", "20230118"): 0.1}},
}
PUBLISHED = {
    "perpMarginRequirements": {"mmPerpReq": 0.05, "imPerpReq": 0.065},
    "optionMarginParams": {"maxSpotReq": 0.15, "minSpotReq": 0.1, "mmCallSpotReq": 0.075, "mmPutSpotReq": 0.075, "MMPutMtMReq": 0.075,
                           "unpairedIMScale": 1.2, "unpairedMMScale": 1.1, "mmOffsetScale": 1.05},
    "oracleContingencyParams": {"perpThreshold": 0.4, "optionThreshold": 0.4, "baseThreshold": 0.4, "OCFactor": 0.4},
    "baseMarginParams": {"marginFactor": 0.8, "IMScale": 1},
    "depegParams": {"threshold": 0.98, "depegFactor": 1.2},
}


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def expiry_label(label):
    return iso(T0 + datetime.timedelta(days=DAYS[label], hours=8))


def below(value, scale=10**18):
    """The largest double not above value / scale (Derive's 18-decimal fixed point)."""
    exact = Fraction(int(value), scale)
    candidate = float(exact)
    if Fraction(candidate) > exact:
        candidate = math.nextafter(candidate, -math.inf)
    return candidate


def portfolio_case(name, case):
    setup = SETUPS.get(name, {})
    market = {}
    for underlying in ("ETH", "BTC"):
        expiries = {}
        for (label, offset) in zip(sorted(DAYS, key=DAYS.get), FORWARD_OFFSETS[underlying]):
            point = {"forward": SPOT[underlying] + offset}
            confidence = setup.get("volConfidence", {}).get((underlying, label))
            if confidence is not None:
                point["volConfidence"] = confidence
            expiries[expiry_label(label)] = point
        market[underlying] = {"spot": SPOT[underlying], "perpPrice": PERP[underlying], "expiries": expiries}
    market["USDC"] = {"spot": setup.get("stable", 1)}
    positions = [{"instrument": {"underlying": o["underlying"].upper(), "kind": o["type"], "strike": o["strike"],
                                 "expiry": expiry_label(o["expiry"])}, "size": o["amount"] / 1e8, "markIv": 0.5} for o in case["options"]]
    positions += [{"instrument": f'{p["underlying"].upper()}-PERPETUAL', "size": p["amount"] / 1e8, "entryPrice": p["entryPrice"] / 1e8}
                  for p in case["perps"]]
    result = case.get("results") or case.get("result")
    return {"name": name, "kind": "portfolio", "MM": result["mm"], "IM": result["im"], "request": {
        "mode": "portfolio", "asOf": iso(T0), "cash": case["cash"] / 1e8,
        "collateral": [{"asset": b["underlying"].upper(), "amount": b["amount"] / 1e8} for b in case["bases"]],
        "positions": positions, "market": market,
        "methodology": {"profile": "derive-srm", "parameters": PUBLISHED}}}


def unit_case(name, case):
    s, result = case["Scenario"], case["Result"]
    spots = {"ETH": below(s["ETHSpotPrice"]), "BTC": below(s["BTCSpotPrice"])}
    market = {}
    for row, underlying in enumerate(("ETH", "BTC")):
        market[underlying] = {"spot": spots[underlying], "spotConfidence": below(s["SpotPerpConfidences"][row][0]),
                              "perpPrice": below(s["PerpPrice"][row]), "perpConfidence": below(s["SpotPerpConfidences"][row][1]),
                              "expiries": {}}
    market["USDC"] = {"spot": below(s["USDCValue"])}
    positions = []
    for i, underlying in enumerate(s["OptionUnderlying"]):
        seconds = s["OptionExpiries"][i]
        expiry = iso(T0 + datetime.timedelta(seconds=seconds))
        feed_seconds = s["FeedExpiries"][i]
        forward = s[f"SettlementPrice{underlying}"] if feed_seconds < 3600 else s["Forwards"][i]
        point = market[underlying]["expiries"].setdefault(expiry, {})
        point["forward"] = below(forward)  # the last write wins
        point["forwardConfidence"] = below(s["ForwardConfidences"][i])
        point["volConfidence"] = below(s["OptionVolConfidences"][i])
        strike = math.floor(Fraction(int(s["OptionStrikes"][i]), 10**18) * 10**8) / 10**8  # strike dust below 1e-8 dropped
        positions.append({"instrument": {"underlying": underlying, "kind": "call" if s["OptionIsCall"][i] else "put", "strike": strike,
                                         "expiry": expiry}, "size": below(s["OptionAmounts"][i]), "markIv": below(s["OptionVols"][i])})
    for underlying in ("ETH", "BTC"):
        size = int(s[f"Perps_{underlying}"] or 0)
        if size:
            funding = -Fraction(size, 10**18) * Fraction(int(s[f"{underlying}GlobalFundingIndex"] or 0) - int(s[f"Account{underlying}FundingIndex"] or 0), 10**18)
            position = {"instrument": f"{underlying}-PERPETUAL", "size": below(size), "unrealizedFunding": float(funding)}
            if s.get(f"LastEntry{underlying}") is not None:
                position["entryPrice"] = below(s[f"LastEntry{underlying}"])
            positions.append(position)
    collateral = [{"asset": asset, "amount": below(s[key])} for asset, key in (("ETH", "wETH"), ("BTC", "wBTC")) if int(s[key] or 0)]
    parameters = json.loads(json.dumps(PUBLISHED))
    parameters["baseMarginParams"]["marginFactor"] = 0.1
    return {"name": name, "kind": "unit", "MM": below(result["realMM"]), "IM": below(result["realIM"]), "request": {
        "mode": "portfolio", "asOf": iso(T0), "cash": below(s["Cash"] or 0), "collateral": collateral, "positions": positions,
        "market": market, "methodology": {"profile": "derive-srm", "parameters": parameters}}}


cases = []
for file in sorted(os.listdir(cases_dir)):
    name = file.removesuffix(".json")
    case = json.load(open(os.path.join(cases_dir, file)))
    cases.append(unit_case(name, case) if "Scenario" in case else portfolio_case(name, case))
json.dump({"source": "Derive SRM cases (derivexyz/v2-core, BUSL-1.1), mapped to POST /v1/margin by scripts/derive_srm_cases_to_fixture.py",
           "cases": cases}, sys.stdout, indent=1)
print()
