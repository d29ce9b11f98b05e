#!/usr/bin/env python3
"""Reference values of the standard normal CDF at 50 digits (mpmath), for VectorNormalDistribution's tests.

Writes Tests/RiskCoreTests/Fixtures/normal_cdf_mpmath.json: [[x, N(x)], ...] as hexadecimal floats,
so no decimal parser can shift x by an ulp (in the far tail that alone moves N by 1e-13).
"""
import json
import random
import mpmath

mpmath.mp.dps = 50
xs = [-37 + i * 0.05 for i in range(0, 901)]                        # -37 .. 8
xs += [s * t for t in (0.6629, 0.66291, 0.66292, 5.6568, 5.65685, 5.6569) for s in (-1, 1)]  # branch edges
rng = random.Random(20261126)
xs += [rng.uniform(-10, 10) for _ in range(600)]
xs += [rng.uniform(-38, -10) for _ in range(200)]
rows = []
for x in xs:
    value = mpmath.ncdf(mpmath.mpf(x))
    rows.append([float(x).hex(), float(value).hex()])
with open("Tests/RiskCoreTests/Fixtures/normal_cdf_mpmath.json", "w") as out:
    json.dump(rows, out)
print(f"{len(rows)} reference values")
