"""Cuts examples/exempelkommun.json into small, valid models, one per board:
the board, its subtree and its ancestors; the goals they own and the goals
those contribute to; the indicators those goals use, with the targets and
measurements of 2025 only; the action plans of those goals; descriptions
and comments left out. Each slice is a few KB, so it fits under the
fuzzers' -max_len while keeping the example's shapes (the whole example is
87 KB, and evaluating it costs about 1,000 times a vector's model).

Usage: python3 fuzz/seeds/slice-example.py EXAMPLE.json OUT_DIR
"""

import json
import sys

model = json.load(open(sys.argv[1], encoding="utf-8"))
out = sys.argv[2]
parent = {o["id"]: o.get("parent") for o in model["organisation"]}
goals = {g["id"]: g for g in model["goals"]}


def ancestors(org):
    seen = []
    while org is not None and org not in seen:
        seen.append(org)
        org = parent.get(org)
    return seen


boards = [o["id"] for o in model["organisation"] if o["kind"] == "board"]
for board in boards:
    orgs = {o for o in parent if board in ancestors(o)} | set(ancestors(board))
    kept = {gid for gid, g in goals.items() if g["owner"] in orgs}
    todo = list(kept)
    while todo:  # the goals they contribute to, up the red thread
        for up in goals[todo.pop()].get("contributes_to", []):
            up = up["goal"] if isinstance(up, dict) else up
            if up in goals and up not in kept:
                kept.add(up)
                todo.append(up)
    orgs |= {goals[g]["owner"] for g in kept}
    for g in kept:
        orgs |= set(ancestors(goals[g]["owner"]))
    used = {link["indicator"] for g in kept for link in goals[g].get("indicators", [])}
    indicators = []
    for ind in model["indicators"]:
        if ind["id"] in used:
            ind = dict(ind)
            ind.pop("description", None)
            for key in ("measurements", "targets"):
                ind[key] = [m for m in ind.get(key, []) if m["period"][:4] == "2025"]
            indicators.append(ind)
            orgs |= set(ancestors(ind["owner"]))
    sliced = {
        "format": model["format"],
        "settings": model.get("settings", {}),
        "organisation": [o for o in model["organisation"] if o["id"] in orgs],
        "indicators": indicators,
        "goals": [goals[g] for g in goals if g in kept],
        "action_plans": [
            p for p in model.get("action_plans", []) if set(p.get("goals", [])) <= kept
            and p["owner"] in orgs
        ],
    }
    for p in sliced["action_plans"]:
        for a in p.get("activities", []):
            a.pop("comment", None)
            a.pop("description", None)
    # applies_to may name orgs outside the slice: keep only those inside.
    for g in sliced["goals"]:
        g.pop("description", None)
        if "applies_to" in g:
            g["applies_to"] = [o for o in g["applies_to"] if o in orgs]
    with open(f"{out}/exempelkommun-{board}", "w", encoding="utf-8") as f:
        json.dump(sliced, f, ensure_ascii=False, separators=(",", ":"))
