"""Timing, in one run: `Engine.set_measurement` (one unit measurement for 2025T2,
toggled between two values, as the Rust `incremental` bench) against
`Model.evaluate` on a large model. Build in release first (`maturin develop
--release`), then

    cargo run --release -p styrkort-benches --bin generate -- --scale x1000 --seed 1 --out /tmp/x1000.json
    python bindings/python/examples/engine_timing.py /tmp/x1000.json
"""
import json, sys, time, statistics
from decimal import Decimal
import styrkort

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/x1000.json"
PERIOD = "2025T2"
t = time.perf_counter()
with open(path, encoding="utf-8") as f:
    text = f.read()
model = styrkort.Model.from_json(text)
del text
print(f"load: {time.perf_counter() - t:.2f} s, {model!r}")

# A unit-level indicator measured in 2025T2 (the bench's choice of edit).
doc = json.loads(model.to_json(compact=True))
units = {o["id"] for o in doc["organisation"] if o["kind"] == "unit"}
ind_id = unit = None
for ind in doc["indicators"]:
    for m in ind.get("measurements", []):
        if m["period"] == PERIOD and m.get("org") in units:
            ind_id, unit = ind["id"], m["org"]
            break
    if ind_id:
        break
del doc
print("edited: indicator", ind_id, "at unit", unit, "for", PERIOD)

t = time.perf_counter(); e0 = model.evaluate(PERIOD); first = time.perf_counter() - t
evals = []
for _ in range(3):
    t = time.perf_counter(); e = model.evaluate(PERIOD); evals.append(time.perf_counter() - t)
    del e
print(f"model.evaluate: first (validate + compile + evaluate) {first:.3f} s; "
      f"again (compiled model cached) median {statistics.median(evals):.3f} s of {[round(x, 3) for x in evals]}")
del e0

t = time.perf_counter(); engine = model.engine(PERIOD); t_engine = time.perf_counter() - t
print(f"model.engine (validate + compile + evaluate + indexes): {t_engine:.3f} s")

# First edit copies the model (the caller's Model still holds it: copy on write).
t = time.perf_counter(); u = engine.set_measurement(ind_id, PERIOD, Decimal("1"), org=unit); t_first = time.perf_counter() - t
print(f"first set_measurement (includes the copy-on-write of the edited model): {t_first:.3f} s, {u}")

N = 2000
vals = [Decimal("80.5"), Decimal("95.5")]
times = []
for k in range(N):
    t = time.perf_counter()
    engine.set_measurement(ind_id, PERIOD, vals[k % 2], org=unit)
    times.append(time.perf_counter() - t)
med = statistics.median(times)
mean = statistics.fmean(times)
print(f"set_measurement x{N}: median {med * 1e6:.1f} µs, mean {mean * 1e6:.1f} µs, last {engine.set_measurement(ind_id, PERIOD, vals[0], org=unit)}")

snap = []
for k in range(5):
    engine.set_measurement(ind_id, PERIOD, vals[k % 2], org=unit)
    t = time.perf_counter()
    ev = engine.evaluation
    goal_id = ev.goals[0].goal
    snap.append(time.perf_counter() - t)
    del ev
print(f"engine.evaluation after an edit (snapshot = clone of the results): median {statistics.median(snap) * 1e3:.1f} ms")

st = []
for k in range(200):
    t = time.perf_counter(); engine.status(goal_id); st.append(time.perf_counter() - t)
print(f"engine.status(goal): median {statistics.median(st) * 1e6:.1f} µs")

full = statistics.median(evals)
print(f"RATIO model.evaluate / set_measurement (medians): {full / med:,.0f} x")
