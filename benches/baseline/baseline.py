"""The pandas baseline: styrkort's evaluation semantics the way a capable
analyst would write them in a notebook — vectorised pandas (merges,
groupby, numpy selects), no Python loop over indicators, orgs or goals.

It computes, for one period, the indicator status of every reported
(indicator, org) pair (own or consolidated values, windows, targets
inherited along the org tree and the enclosing periods, partly bands,
``improve`` targets) and every goal's status bottom-up along the red thread
(all five rules, manual assessments), as DESIGN.md §4 defines them. Numbers
are float64 with a small tolerance on comparisons, as an analyst would do;
``compare.py`` checks the statuses against styrkort's.

Scorecards, balance, action plans and the output document are not part of
the baseline (the statuses are the expensive part).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

EPS = 1e-9
SCORE = {"fulfilled": 1.0, "partly_fulfilled": 0.5, "not_fulfilled": 0.0}
RANK = {"not_fulfilled": 0, "partly_fulfilled": 1, "fulfilled": 2}


# ------------------------------------------------------------------ periods
# Scalar helpers for the one period evaluated (and its few neighbours).

_PERIOD = re.compile(r"^(\d{4})(?:T([1-3])|Q([1-4])|-(\d{2}))?$")


def parse_period(p: str) -> tuple[int, str, int]:
    m = _PERIOD.match(p)
    if not m:
        raise ValueError(f"bad period {p!r}")
    y = int(m.group(1))
    if m.group(2):
        return y, "T", int(m.group(2))
    if m.group(3):
        return y, "Q", int(m.group(3))
    if m.group(4):
        return y, "M", int(m.group(4))
    return y, "Y", 1


def fmt_period(y: int, kind: str, i: int) -> str:
    return {"Y": f"{y}", "T": f"{y}T{i}", "Q": f"{y}Q{i}", "M": f"{y}-{i:02d}"}[kind]


def previous(p: str) -> str:
    y, k, i = parse_period(p)
    per_year = {"Y": 1, "T": 3, "Q": 4, "M": 12}[k]
    return fmt_period(y, k, i - 1) if i > 1 else fmt_period(y - 1, k, per_year)


def year_earlier(p: str) -> str:
    y, k, i = parse_period(p)
    return fmt_period(y - 1, k, i)


def enclosing(p: str) -> list[str]:
    """The periods containing ``p``, shortest first (month: quarter, tertial, year)."""
    y, k, i = parse_period(p)
    if k == "M":
        return [fmt_period(y, "Q", (i - 1) // 3 + 1), fmt_period(y, "T", (i - 1) // 4 + 1), f"{y}"]
    if k in ("T", "Q"):
        return [f"{y}"]
    return []


def window(p: str, n: int) -> list[str]:
    out = [p]
    for _ in range(n - 1):
        out.append(previous(out[-1]))
    return out


# ------------------------------------------------------------------ frames


@dataclass
class Frames:
    """The model as tables (what an analyst builds first)."""

    orgs: pd.DataFrame  # org, parent
    indicators: pd.DataFrame  # ind, owner, lower, consolidation, partly_at, window
    measurements: pd.DataFrame  # ind, org, period, value
    targets: pd.DataFrame  # ind, org (None = every org), period, improve, value, warning
    goals: pd.DataFrame  # goal, level, owner, rule, fulfilled_at, partly_at
    goal_indicators: pd.DataFrame  # goal, ind, weight
    goal_links: pd.DataFrame  # goal (lower), upper, weight
    assessments: pd.DataFrame  # goal, period, status


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="raise").astype("float64")


def frames(model: dict[str, Any]) -> Frames:
    """Builds the tables from a parsed ``styrkort/1`` document (``json.loads``)."""
    settings = model.get("settings", {})
    default_partly = settings.get("partly_at")
    default_rule = (settings.get("rule") or {}).get("kind", "all_some_none")

    orgs = pd.DataFrame(model["organisation"], columns=["id", "parent"]).rename(columns={"id": "org"})

    inds = pd.DataFrame(model["indicators"])
    for col, default in [("direction", "higher_is_better"), ("consolidation", "none"),
                         ("partly_at", None), ("window", 1)]:
        if col not in inds:
            inds[col] = default
    indicators = pd.DataFrame({
        "ind": inds["id"],
        "owner": inds["owner"],
        "lower": inds["direction"].fillna("higher_is_better") == "lower_is_better",
        "consolidation": inds["consolidation"].fillna("none"),
        "partly_at": _num(inds["partly_at"].fillna(default_partly if default_partly is not None else np.nan)),
        "window": inds["window"].fillna(1).astype(int),
    })

    ms = pd.json_normalize([i for i in model["indicators"] if i.get("measurements")], "measurements", ["id", "owner"], record_prefix="m.")
    measurements = pd.DataFrame({
        "ind": ms["id"],
        "org": ms["m.org"].fillna(ms["owner"]) if "m.org" in ms else ms["owner"],
        "period": ms["m.period"],
        "value": _num(ms["m.value"]),
    })

    ts = pd.json_normalize([i for i in model["indicators"] if i.get("targets")], "targets", ["id"], record_prefix="t.")
    for col in ["t.org", "t.kind", "t.value", "t.warning"]:
        if col not in ts:
            ts[col] = None
    targets = pd.DataFrame({
        "ind": ts["id"],
        "org": ts["t.org"],
        "period": ts["t.period"],
        "improve": ts["t.kind"].fillna("value") == "improve",
        "value": _num(ts["t.value"]),
        "warning": _num(ts["t.warning"]),
    })

    gs = pd.DataFrame(model["goals"])
    rules = pd.json_normalize(gs["rule"].map(lambda r: r if isinstance(r, dict) else {}).tolist()) \
        if "rule" in gs else pd.DataFrame(index=gs.index)
    for col in ["kind", "fulfilled_at", "partly_at"]:
        if col not in rules:
            rules[col] = None
    goals = pd.DataFrame({
        "goal": gs["id"],
        "level": gs["level"],
        "owner": gs["owner"],
        "rule": rules["kind"].fillna(default_rule).to_numpy(),
        "fulfilled_at": _num(rules["fulfilled_at"]).fillna(1.0).to_numpy(),
        "partly_at": _num(rules["partly_at"]).fillna(1.0).to_numpy(),
    })

    gi = pd.json_normalize([g for g in model["goals"] if g.get("indicators")], "indicators", ["id"]) if any(
        g.get("indicators") for g in model["goals"]) else pd.DataFrame(columns=["indicator", "id"])
    if "weight" not in gi:
        gi["weight"] = None
    goal_indicators = pd.DataFrame({
        "goal": gi["id"], "ind": gi["indicator"], "weight": _num(gi["weight"]).fillna(1.0)})

    links = gs[["id", "contributes_to"]].explode("contributes_to").dropna() if "contributes_to" in gs \
        else pd.DataFrame(columns=["id", "contributes_to"])
    link = links["contributes_to"]
    is_obj = link.map(lambda x: isinstance(x, dict))
    goal_links = pd.DataFrame({
        "goal": links["id"].to_numpy(),
        "upper": np.where(is_obj, link.map(lambda x: x["goal"] if isinstance(x, dict) else x), link),
        "weight": _num(link.map(lambda x: x.get("weight") if isinstance(x, dict) else None)).fillna(1.0).to_numpy(),
    })

    asm = pd.json_normalize([g for g in model["goals"] if g.get("assessments")], "assessments", ["id"]) if any(
        g.get("assessments") for g in model["goals"]) else pd.DataFrame(columns=["id", "period", "status"])
    assessments = pd.DataFrame({"goal": asm["id"], "period": asm["period"], "status": asm["status"]})

    return Frames(orgs, indicators, measurements, targets, goals, goal_indicators, goal_links, assessments)


# ------------------------------------------------------------------ evaluation


def _depths(orgs: pd.DataFrame) -> pd.Series:
    depth = pd.Series(0, index=orgs["org"].to_numpy())
    parent = orgs.set_index("org")["parent"]
    cur = parent.copy()
    while cur.notna().any():
        depth[cur.notna().to_numpy()] += 1
        cur = cur.map(parent).where(cur.notna())
    return depth


def _ancestors(orgs: pd.DataFrame) -> pd.DataFrame:
    """(org, anc, dist) for every ancestor-or-self."""
    parent = orgs.set_index("org")["parent"]
    cur = pd.DataFrame({"org": orgs["org"], "anc": orgs["org"], "dist": 0})
    out = [cur]
    while True:
        nxt = cur.assign(anc=cur["anc"].map(parent), dist=cur["dist"] + 1).dropna(subset=["anc"])
        if nxt.empty:
            break
        out.append(nxt)
        cur = nxt
    return pd.concat(out, ignore_index=True)


def base_values(f: Frames, periods: list[str]) -> pd.DataFrame:
    """Own or consolidated value of every (ind, org, period) for ``periods``."""
    own = f.measurements[f.measurements["period"].isin(periods)]
    vals = own.assign(consolidated=False)
    cons = f.indicators.loc[f.indicators["consolidation"] != "none", ["ind", "consolidation"]]
    if cons.empty:
        return vals
    depth = _depths(f.orgs)
    parent = f.orgs.set_index("org")["parent"]
    known = vals[vals["ind"].isin(cons["ind"])]
    for d in range(int(depth.max()) - 1, -1, -1):
        child = known[known["org"].map(depth) == d + 1]
        child = child.assign(parent=child["org"].map(parent)).dropna(subset=["parent"])
        if child.empty:
            continue
        agg = child.groupby(["ind", "parent", "period"])["value"].agg(["sum", "mean", "min", "max"]).reset_index()
        agg = agg.merge(cons, on="ind")
        agg["value"] = np.select(
            [agg["consolidation"] == "sum", agg["consolidation"] == "mean", agg["consolidation"] == "min"],
            [agg["sum"], agg["mean"].round(12), agg["min"]], agg["max"])
        agg = agg.rename(columns={"parent": "org"})[["ind", "org", "period", "value"]]
        # Only orgs without an own value get a consolidated one.
        agg = agg.merge(known[["ind", "org", "period"]], how="left", indicator=True)
        agg = agg[agg["_merge"] == "left_only"].drop(columns="_merge").assign(consolidated=True)
        known = pd.concat([known, agg], ignore_index=True)
    return pd.concat([vals[~vals["ind"].isin(cons["ind"])], known], ignore_index=True)


def evaluate(f: Frames, period: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indicator results (ind, org, value, target, status) and goal results
    (goal, status, computed) for ``period``."""
    prev, yago = previous(period), year_earlier(period)
    max_w = int(f.indicators["window"].max())
    # Every period a value, its trend or its improve baseline needs.
    lags = pd.DataFrame([(q, lag, p) for q in (period, prev, yago)
                         for lag, p in enumerate(window(q, max_w))], columns=["q", "lag", "period"]).drop_duplicates()
    base = base_values(f, sorted(set(lags["period"])))

    # Values with windows: mean over the window; every period must exist.
    wv = base.merge(lags, on="period").merge(f.indicators[["ind", "window"]], on="ind")
    wv = wv[wv["lag"] < wv["window"]]
    val = wv.groupby(["ind", "org", "q"]).agg(v=("value", "mean"), n=("value", "size"),
                                              w=("window", "first")).reset_index()
    val = val[val["n"] == val["w"]]
    val["v"] = val["v"].round(12)
    val = val.pivot_table(index=["ind", "org"], columns="q", values="v").reindex(columns=[period, prev, yago])
    val.columns = ["v", "prev", "yago"]
    val = val.reset_index()

    # Reported pairs: used by a goal at its owner, or measured for the period.
    used = f.goal_indicators.merge(f.goals[["goal", "owner"]], on="goal")[["ind", "owner"]] \
        .rename(columns={"owner": "org"})
    measured = f.measurements.loc[f.measurements["period"] == period, ["ind", "org"]]
    pairs = pd.concat([used, measured]).drop_duplicates(ignore_index=True)
    pairs = pairs.merge(val, on=["ind", "org"], how="left").merge(
        f.indicators[["ind", "lower", "partly_at"]], on="ind")

    # Targets: the period decides first (P, then its enclosing periods),
    # then the nearest org ancestor-or-self, then an entry without org.
    cands = pd.DataFrame({"period": [period, *enclosing(period)]})
    cands["prank"] = range(len(cands))
    tg = f.targets.merge(cands, on="period")
    anc = _ancestors(f.orgs)
    by_org = pairs[["ind", "org"]].merge(anc, on="org").merge(
        tg[tg["org"].notna()].rename(columns={"org": "anc"}), on=["ind", "anc"])
    any_org = pairs[["ind", "org"]].merge(tg[tg["org"].isna()].drop(columns="org"), on="ind")
    any_org["dist"] = 1 << 30
    chosen = pd.concat([by_org.drop(columns="anc"), any_org], ignore_index=True) \
        .sort_values(["ind", "org", "prank", "dist"]).drop_duplicates(["ind", "org"])
    pairs = pairs.merge(chosen[["ind", "org", "improve", "value", "warning"]]
                        .rename(columns={"value": "t", "warning": "tw"}), on=["ind", "org"], how="left")

    v, t, lower = pairs["v"], pairs["t"], pairs["lower"]
    sign = np.where(lower, -1.0, 1.0)
    w = pairs["tw"].where(pairs["tw"].notna(),
                          np.where(t > 0, np.where(lower, t / pairs["partly_at"], t * pairs["partly_at"]), np.nan))
    ge_t = sign * (v - t) >= -EPS
    ge_w = sign * (v - w) >= -EPS
    d_year = sign * (v - pairs["yago"])
    has_target = pairs["improve"].notna()
    improve = pairs["improve"].fillna(False).astype(bool)
    pairs["status"] = np.select(
        [v.isna(), ~has_target,
         improve & pairs["yago"].isna(), improve & (d_year > EPS), improve & (d_year.abs() <= EPS), improve,
         ge_t, w.notna() & ge_w],
        ["no_data", "not_assessed",
         "not_assessed", "fulfilled", "partly_fulfilled", "not_fulfilled",
         "fulfilled", "partly_fulfilled"], "not_fulfilled")
    d_prev = sign * (v - pairs["prev"])
    pairs["trend"] = np.select([v.isna() | pairs["prev"].isna(), d_prev > EPS, d_prev < -EPS],
                               ["unknown", "improving", "worsening"], "unchanged")

    # Goals bottom-up along the red thread.
    ind_items = f.goal_indicators.merge(f.goals[["goal", "owner"]], on="goal").merge(
        pairs[["ind", "org", "status"]], left_on=["ind", "owner"], right_on=["ind", "org"], how="left")
    ind_items = ind_items[["goal", "weight", "status"]].fillna({"status": "no_data"})
    asm = f.assessments[f.assessments["period"] == period].set_index("goal")["status"]
    results = []
    finals = pd.Series(dtype=object)
    for level in ("operational", "board", "council"):
        gl = f.goals[f.goals["level"] == level]
        child = f.goal_links[f.goal_links["upper"].isin(gl["goal"])]
        child_items = pd.DataFrame({"goal": child["upper"].to_numpy(), "weight": child["weight"].to_numpy(),
                                    "status": child["goal"].map(finals).to_numpy()})
        items = pd.concat([ind_items[ind_items["goal"].isin(gl["goal"])], child_items], ignore_index=True)
        items["score"] = items["status"].map(SCORE)
        items["rank"] = items["status"].map(RANK)
        a = items[items["score"].notna()]
        agg = a.assign(ws=a["weight"] * a["score"], wf=a["weight"] * (a["status"] == "fulfilled"),
                       notf=a["status"] != "fulfilled", fp=a["status"] != "not_fulfilled") \
            .groupby("goal").agg(sw=("weight", "sum"), sws=("ws", "sum"), swf=("wf", "sum"),
                                 any_notf=("notf", "any"), any_fp=("fp", "any"), worst=("rank", "min"))
        n_items = items.groupby("goal").size()
        g = gl.set_index("goal").join(agg).join(n_items.rename("n"))
        score = (g["sws"] / g["sw"]).round(12)
        share = (g["swf"] / g["sw"]).round(12)
        asn = np.select([~g["any_notf"].astype(bool), g["any_fp"].astype(bool)],
                        ["fulfilled", "partly_fulfilled"], "not_fulfilled")

        def thresholds(s: pd.Series) -> np.ndarray:
            return np.select([s >= g["fulfilled_at"] - EPS, s >= g["partly_at"] - EPS],
                             ["fulfilled", "partly_fulfilled"], "not_fulfilled")

        worst = g["worst"].map({0: "not_fulfilled", 1: "partly_fulfilled", 2: "fulfilled"})
        computed = np.select(
            [g["n"].isna(), g["sw"].isna(),
             g["rule"] == "weighted_score", g["rule"] == "share_fulfilled", g["rule"] == "worst"],
            ["not_assessed", "no_data", thresholds(score), thresholds(share), worst], asn)
        manual = g.index.to_series().map(asm)
        status = np.where(manual.notna(), manual,
                          np.where(g["rule"] == "manual", "not_assessed", computed))
        res = pd.DataFrame({"goal": g.index, "status": status, "computed": computed,
                            "score": score.to_numpy()})
        results.append(res)
        finals = pd.concat([finals, res.set_index("goal")["status"]])
    goals = pd.concat(results, ignore_index=True)
    return pairs[["ind", "org", "v", "t", "status", "trend"]], goals
