"""The EC 1994 car-emissions case through Python (docs/models.md, "The EC
1994 case"): the published replication's ten rounds, bit for bit."""
import csv
import os

import pytest

import detente
from conftest import EC_CSV

REF = os.path.join("tests", "data", "bdm1994-ec-emissions", "reference")


def test_replication_positions_bit_for_bit():
    fc = detente.load(EC_CSV).forecast("eu", preset="scholz-replication")
    tr = fc.trajectory("eu")
    with open(os.path.join(REF, "positions.csv")) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == tr.shape[0] * (tr.shape[1] - 2)
    for r in rows:
        assert tr.loc[int(r["round"]), r["actor"]] == float(r["position"]), r
    st = fc.stops.loc[("ec-emissions-1994", "eu")]
    assert (st["stop"], st["rounds"]) == ("round_cap", 10)
    assert st["point"] == 7.0
    assert st["mean"] == 7.242130958473938


def test_table_2_to_one_decimal():
    # Bueno de Mesquita and Stokman (1994), Table 2 via docs/models.md.
    table2 = {1: (8.4, 7.4), 2: (9.9, 7.5), 3: (9.9, 7.6), 4: (9.9, 7.3),
              5: (9.9, 7.3), 6: (7.4, 7.4), 7: (8.8, 7.5), 8: (9.6, 7.6)}
    tr = detente.load(EC_CSV).forecast(
        "eu", preset="scholz-replication").trajectory("eu")
    # The replication (docs/models.md, "Side by side") to three decimals.
    repl = {1: (8.416, 7.461), 2: (9.611, 7.553), 3: (9.962, 7.590),
            4: (9.962, 7.358), 5: (9.962, 7.349), 6: (7.472, 7.415),
            7: (8.825, 7.510), 8: (9.671, 7.572), 9: (9.671, 7.325),
            10: (7.0, 7.242)}
    for rnd, (med, mean) in repl.items():
        assert round(tr.loc[rnd, "median"], 3) == med
        assert round(tr.loc[rnd, "mean"], 3) == mean
    # Table 2 is given to one decimal, truncated or rounded: within 0.1,
    # but for round 2's median (9.9 against 9.611, the known gap of the
    # paper's table; docs/models.md discusses it).
    for rnd, (med, mean) in table2.items():
        if rnd != 2:
            assert abs(tr.loc[rnd, "median"] - med) <= 0.1 + 1e-9, rnd
        assert abs(tr.loc[rnd, "mean"] - mean) <= 0.1 + 1e-9, rnd


def test_paper_defaults():
    fc = detente.load(EC_CSV).forecast("eu", preset="paper")
    st = fc.stops.loc[("ec-emissions-1994", "eu")]
    assert (st["stop"], st["rounds"], st["point"]) == ("converged", 4, 7.0)
    # The initial weighted median and mean.
    tr = fc.trajectory("eu")
    assert tr.loc[0, "median"] == 7.0
    assert round(tr.loc[0, "mean"], 3) == 7.390


def test_offers_round_1():
    of = detente.load(EC_CSV).forecast("eu", preset="paper").offers
    r1 = of[of["round"] == 1]
    assert len(r1) == 8
    assert (r1["type"] == "confrontation").sum() == 7
    dk = r1[r1["receiver"] == "Denmark"].iloc[0]
    assert dk["type"] == "compromise" and round(dk["to"], 3) == 4.915
