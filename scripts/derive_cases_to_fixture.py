#!/usr/bin/env python3
"""Turns Derive's published PMRM_2 cases into the project's own test fixture.

Reads ../shared/derive-pmrm2/cases/*.json (reference data, not copied) and writes
Tests/BulwarkServiceTests/Fixtures/derive_pmrm2_cases.json: for each case, the
POST /v1/margin body that the mapping of docs/DERIVE-PMRM2.md gives, and the MM and IM
Derive expects. Run from the repository root: python3 scripts/derive_cases_to_fixture.py
"""
import glob
import json
import os
from datetime import datetime, timezone

CASES = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "derive-pmrm2", "cases")
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "BulwarkServiceTests", "Fixtures", "derive_pmrm2_cases.json")


def iso(seconds):
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def request_for(case):
    s = case["Scenario"]
    underlying = "BTC" if s["SpotPrice"] > 20000 else "ETH"
    as_of = None
    for option in s["Options"]:
        as_of = option["ExiryTs"] - option["Expiry"]
    if as_of is None:
        as_of = 1740000000
    positions = []
    for option in s["Options"]:
        positions.append({
            "instrument": {"underlying": underlying, "kind": "call" if option["IsCall"] == 1 else "put",
                           "strike": option["Strike"], "expiry": iso(option["ExiryTs"])},
            "size": option["Amount"], "markIv": option["MarkVol"]})
    if s["NumPerps"] != 0 or s["UnrealisedPerpPNL"] != 0 or s["UnrealisedFunding"] != 0:
        positions.append({"instrument": underlying + "-PERPETUAL", "size": s["NumPerps"],
                          "unrealizedPnl": s["UnrealisedPerpPNL"], "unrealizedFunding": s["UnrealisedFunding"]})
    collateral = [{"asset": c["Name"], "amount": c["Amount"], "price": c["Price"], "confidence": c["Confidence"],
                   "riskCancelling": bool(c["IsRiskCancelling"]),
                   "haircut": {"initial": c["IMHaircut"], "maintenance": c["MMHaircut"]}} for c in s["Collaterals"]]
    expiries = {iso(as_of + f["FeedExpiry"]): {"forward": f["Forward"], "rate": f["Rate"],
                                                "forwardConfidence": f["ForwardConfidence"],
                                                "rateConfidence": f["RateConfidence"],
                                                "volConfidence": f["OptionVolConfidences"]} for f in s["OptionFeeds"]}
    market = {underlying: {"spot": s["SpotPrice"], "spotConfidence": s["SpotConfidence"]}, "USDC": {"spot": s["StablePrice"]}}
    if s["PerpPrice"]:
        market[underlying]["perpPrice"] = s["PerpPrice"]
        market[underlying]["perpConfidence"] = s["PerpConfidence"]
    if expiries:
        market[underlying]["expiries"] = expiries
    return {"mode": "portfolio", "methodology": {"profile": "derive-pmrm2", "parameters": case["Parameters"]},
            "asOf": iso(as_of), "cash": s["Cash"], "collateral": collateral, "positions": positions, "market": market}


def main():
    fixture = {"source": "Derive PMRM_2 portfolio cases (derivexyz/v2-core, BUSL-1.1), mapped to POST /v1/margin",
               "cases": []}
    for path in sorted(glob.glob(os.path.join(CASES, "*.json"))):
        case = json.load(open(path))
        fixture["cases"].append({"name": os.path.basename(path)[:-5], "request": request_for(case),
                                 "MM": case["Result"]["MM"], "IM": case["Result"]["IM"]})
    json.dump(fixture, open(OUT, "w"), indent=1)
    print(f"wrote {len(fixture['cases'])} cases to {OUT}")


if __name__ == "__main__":
    main()
