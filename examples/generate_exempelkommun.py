#!/usr/bin/env python3
"""Generates examples/exempelkommun.json, the bundled example municipality.

Run from the repository root:  python3 examples/generate_exempelkommun.py
The JSON is committed; this script is kept so the data can be changed in one
place (the story values below) and regenerated. It uses only the standard
library, writes decimals as strings and checks the red thread and the
deliberate warnings itself (see examples/README.md).
"""
from decimal import Decimal as D
import json
import os
import sys

PERIODS_T = ["2023T1", "2023T2", "2023T3", "2024T1", "2024T2", "2024T3", "2025T1", "2025T2"]


def s(x):
    """A decimal as a normalised JSON string."""
    d = D(str(x))
    t = format(d.normalize(), "f")
    return "0" if t in ("-0", "0") else t


# ---------------------------------------------------------------- organisation
org = []


def o(id, name, kind, parent=None, provider=None):
    e = {"id": id, "name": name, "kind": kind}
    if parent:
        e["parent"] = parent
    if provider:
        e["provider"] = provider
    org.append(e)


o("kommun", "Exempelkommun", "municipality")
o("kf", "Kommunfullmäktige", "council", "kommun")
o("ks", "Kommunstyrelsen", "executive_board", "kf")
o("klk", "Kommunledningskontoret", "office", "ks")
o("utbn", "Utbildningsnämnden", "board", "kf")
o("utbk", "Utbildningskontoret", "office", "utbn")
o("ekbacken", "Ekbackens förskoleområde", "unit", "utbk")
o("kvarnskolan", "Kvarnskolan F–6", "unit", "utbk")
o("vallaskolan", "Vallaskolan 7–9", "unit", "utbk")
o("solrosen", "Förskolan Solrosen", "provider", "utbn", "independent")
o("kunskapsgarden", "Friskolan Kunskapsgården", "provider", "utbn", "independent")
o("sn", "Socialnämnden", "board", "kf")
o("sk", "Socialkontoret", "office", "sn")
o("hemtjanst", "Hemtjänsten i egen regi", "unit", "sk")
o("tallbacken", "Tallbackens äldreboende", "unit", "sk")
o("ifo", "Individ- och familjeomsorgen", "unit", "sk")
o("omsorgshuset", "Omsorgshuset Hemtjänst AB", "provider", "sn", "private")
o("kfn", "Kultur- och fritidsnämnden", "board", "kf")
o("kfk", "Kultur- och fritidskontoret", "office", "kfn")
o("bibliotek", "Biblioteket", "unit", "kfk")
o("fritid", "Fritidsgårdarna", "unit", "kfk")
o("tn", "Tekniska nämnden", "board", "kf")
o("tk", "Tekniska kontoret", "office", "tn")
o("gatapark", "Gata och park", "unit", "tk")
o("fastighet", "Fastighetsenheten", "unit", "tk")
o("exempelhem", "Exempelhem AB", "company", "kf")

# ---------------------------------------------------------------- indicators
indicators = {}
order = []


def ind(id, name, unit, perspective, owner, direction=None, consolidation=None,
        partly_at=None, window=None, kolada=None, tags=(), description=None):
    e = {"id": id, "name": name}
    if description:
        e["description"] = description
    e["unit"] = unit
    if direction:
        e["direction"] = direction
    e["perspective"] = perspective
    e["owner"] = owner
    if consolidation:
        e["consolidation"] = consolidation
    if partly_at:
        e["partly_at"] = partly_at
    if window:
        e["window"] = window
    if kolada:
        e["source"] = {"kolada": {"kpi": kolada, "municipality": "0114"}}
    if tags:
        e["tags"] = list(tags)
    e["targets"] = []
    e["measurements"] = []
    indicators[id] = e
    order.append(id)


def tgt(i, period, value=None, org=None, warning=None, kind=None):
    e = {"period": period}
    if org:
        e["org"] = org
    if kind:
        e["kind"] = kind
    if value is not None:
        e["value"] = s(value)
    if warning is not None:
        e["warning"] = s(warning)
    indicators[i]["targets"].append(e)


def meas(i, period, value, org=None, women=None, men=None):
    e = {"period": period}
    if org:
        e["org"] = org
    e["value"] = s(value)
    if women is not None:
        e["women"] = s(women)
    if men is not None:
        e["men"] = s(men)
    indicators[i]["measurements"].append(e)


def tertials(i, org, values, annual="mean", own_org=False, gender=None):
    """Eight tertial values 2023T1..2025T2 plus the annual 2023 and 2024
    (mean of the three tertials for rates, sum for flows). `gender` is an
    optional list of eight (women, men) pairs."""
    assert len(values) == 8, (i, org)
    vals = [D(str(v)) for v in values]
    o_ = None if own_org else org
    for k, (p, v) in enumerate(zip(PERIODS_T, vals)):
        w, m = gender[k] if gender else (None, None)
        meas(i, p, v, o_, w, m)
        if p.endswith("T3"):
            three = vals[k - 2:k + 1]
            tot = sum(three)
            a = tot if annual == "sum" else (tot / 3).quantize(D("0.1"))
            meas(i, p[:4], a, o_)


def spring(i, org, v23, v24, v25, gender=None, own_org=False):
    """Measured once a year in spring: recorded for T2 and for the year
    (2025 only T2: the year is not over at 2025T2)."""
    o_ = None if own_org else org
    for k, (y, v) in enumerate([("2023", v23), ("2024", v24), ("2025", v25)]):
        w, m = gender[k] if gender else (None, None)
        meas(i, y + "T2", v, o_, w, m)
        if y != "2025":
            meas(i, y, v, o_, w, m)


# Council level
ind("nmi", "Nöjd-Medborgar-Index (SCB:s medborgarundersökning)", "index", "kund", "kf",
    tags=["quality"], description="Mäts årligen på hösten; finns inte för tertialen.")
tgt("nmi", "2024", 60, warning=57)
tgt("nmi", "2025", 62, warning=58)
meas("nmi", "2023", 58)
meas("nmi", "2024", 60)

ind("co2", "Koldioxidutsläpp från fordon och uppvärmning", "ton CO2e", "samhälle och miljö", "kf",
    direction="lower_is_better", consolidation="sum", tags=["environment"],
    description="Summeras från enheterna upp till nämnd, fullmäktige och koncern.")
# tertial targets: the sums per tertial vary with the season
for y, base in (("2024", {"kf": (270, 185, 230), "tn": (145, 100, 125), "exempelhem": (100, 66, 82)}),
                ("2025", {"kf": (250, 160, 210), "tn": (135, 92, 115), "exempelhem": (92, 58, 75)})):
    for orgid, (a, b, c) in base.items():
        for t, v in zip(("T1", "T2", "T3"), (a, b, c)):
            tgt("co2", y + t, v, org=orgid, warning=(D(v) * D("1.1")).quantize(D("1")))
        tgt("co2", y, a + b + c, org=orgid, warning=((a + b + c) * D("1.1")).quantize(D("1")))
tertials("co2", "gatapark", [52, 44, 48, 50, 41, 46, 45, 38], "sum")
tertials("co2", "fastighet", [105, 60, 82, 98, 58, 80, 88, 52], "sum")
tertials("co2", "hemtjanst", [19, 18, 18, 18, 16, 17, 16, 14], "sum")
tertials("co2", "exempelhem", [112, 72, 90, 104, 68, 85, 95, 61], "sum")

ind("nki_foretag", "Företagsklimat, Nöjd-Kund-Index (SBA Insikt)", "index", "samhälle och miljö", "kf",
    description="Mäts årligen; finns inte för tertialen.")
tgt("nki_foretag", "2025", 72, warning=68)
meas("nki_foretag", "2023", 68)
meas("nki_foretag", "2024", 70)

# Executive board (kommunövergripande)
ind("tillganglighet", "Andel e-postfrågor med svar inom en arbetsdag", "%", "kund", "ks",
    tags=["quality"])
tgt("tillganglighet", "2024", 85, warning=75)
tgt("tillganglighet", "2025", 90, warning=80)
tertials("tillganglighet", "ks", [78, 80, 81, 82, 84, 85, 85, 86], own_org=True)

ind("resultat", "Årets resultat i procent av skatteintäkter och generella statsbidrag (prognos)", "%",
    "ekonomi", "ks", description="Helårsprognos vid T1 och T2, utfall vid T3 och helår.")
tgt("resultat", "2024", 2, warning=1)
tgt("resultat", "2025", 2, warning=1)
tertials("resultat", "ks", ["2.4", "2.1", "1.9", "1.8", "1.6", "1.5", "1.4", "1.3"], own_org=True)

ind("sjukfranvaro", "Sjukfrånvaro, andel av ordinarie arbetstid", "%", "medarbetare", "ks",
    direction="lower_is_better", consolidation="mean", partly_at="0.85",
    description="Enheternas värden ger kontorets och nämndens medelvärde. "
                "Kommunstyrelsens värde är det kommunövergripande från lönesystemet.")
tgt("sjukfranvaro", "2024", 7)
tgt("sjukfranvaro", "2025", "6.5")
tgt("sjukfranvaro", "2024", 8, org="sn", warning=9)
tgt("sjukfranvaro", "2025", 8, org="sn", warning=9)
tgt("sjukfranvaro", "2025", 5, org="exempelhem")
SJUK = {
    "ks": ["7.6", "6.6", "7.4", "7.5", "6.5", "7.1", "7.3", "7.5"],
    "klk": ["4.9", "4.2", "4.6", "4.7", "4.0", "4.4", "4.5", "4.1"],
    "ekbacken": ["8.1", "7.0", "7.6", "7.8", "6.9", "7.4", "7.2", "6.8"],
    "kvarnskolan": ["6.9", "5.8", "6.4", "6.6", "5.6", "6.2", "6.1", "5.6"],
    "vallaskolan": ["7.0", "6.1", "6.7", "6.8", "5.9", "6.5", "6.4", "6.0"],
    "hemtjanst": ["9.4", "8.6", "9.0", "9.2", "8.4", "8.8", "9.1", "9.8"],
    "tallbacken": ["8.9", "8.1", "8.5", "8.8", "8.0", "8.3", "8.6", "9.2"],
    "ifo": ["7.6", "6.8", "7.2", "7.3", "6.6", "7.0", "6.9", "7.4"],
    "bibliotek": ["5.5", "4.6", "5.0", "5.2", "4.4", "4.8", "4.8", "4.2"],
    "fritid": ["6.6", "5.8", "6.2", "6.4", "5.7", "6.0", "5.9", "5.5"],
    "gatapark": ["7.4", "6.6", "7.0", "7.1", "6.4", "6.8", "6.8", "6.3"],
    "fastighet": ["5.8", "5.1", "5.5", "5.6", "5.0", "5.3", "5.2", "4.9"],
    "exempelhem": ["5.6", "4.8", "5.2", "5.4", "4.7", "5.0", "4.9", "5.4"],
}
for orgid, vals in SJUK.items():
    tertials("sjukfranvaro", orgid, vals, own_org=(orgid == "ks"))

ind("budget", "Budgetavvikelse, prognos för helåret i procent av nettobudget", "%", "ekonomi", "ks",
    description="Positivt = överskott. Rapporteras per enhet och per nämnd (ingen konsolidering).")
tgt("budget", "2024", 0, warning=-1)
tgt("budget", "2025", 0, warning=-1)
BUDGET = {
    "utbn": ["0.3", "0.2", "0.4", "-0.2", "0.1", "0.3", "0.1", "0.2"],
    "ekbacken": ["0.5", "0.2", "0.3", "-0.4", "-0.2", "0.1", "-0.3", "0.1"],
    "kvarnskolan": ["0.2", "0.3", "0.6", "0.1", "0.3", "0.5", "0.2", "0.4"],
    "vallaskolan": ["0.1", "0.0", "0.2", "-0.3", "0.0", "0.2", "-0.1", "0.0"],
    "sn": ["-0.8", "-1.1", "-1.4", "-1.2", "-1.6", "-1.9", "-2.4", "-2.9"],
    "hemtjanst": ["-1.0", "-1.5", "-2.0", "-1.8", "-2.2", "-2.6", "-3.0", "-3.5"],
    "tallbacken": ["0.2", "0.0", "-0.3", "-0.2", "-0.5", "-0.8", "-0.9", "-1.2"],
    "ifo": ["-1.5", "-1.8", "-2.1", "-2.0", "-2.5", "-2.8", "-3.6", "-4.1"],
    "kfn": ["0.4", "0.5", "0.6", "0.2", "0.3", "0.4", "0.2", "0.3"],
    "bibliotek": ["0.6", "0.7", "0.9", "0.3", "0.5", "0.6", "0.4", "0.5"],
    "fritid": ["0.1", "0.2", "0.3", "0.0", "0.1", "0.2", "0.1", "0.2"],
    "tn": ["0.0", "-0.3", "-0.2", "0.1", "-0.1", "0.0", "0.1", "0.2"],
    "gatapark": ["0.5", "0.8", "0.9", "0.6", "0.9", "1.0", "0.9", "1.1"],
    "fastighet": ["-0.4", "-0.9", "-0.8", "-0.3", "-0.7", "-0.6", "-0.5", "-0.4"],
}
for orgid, vals in BUDGET.items():
    tertials("budget", orgid, vals)

ind("fossilfria", "Andel fossilfria fordon", "%", "samhälle och miljö", "ks",
    consolidation="mean", tags=["environment"])
tgt("fossilfria", "2024", 60, warning=45)
tgt("fossilfria", "2025", 80, warning=60)
tertials("fossilfria", "klk", [60, 65, 70, 75, 80, 85, 88, 90])
tertials("fossilfria", "hemtjanst", [35, 40, 45, 50, 55, 60, 66, 72])
tertials("fossilfria", "gatapark", [50, 55, 60, 65, 70, 78, 82, 85])
tertials("fossilfria", "omsorgshuset", [10, 10, 15, 20, 25, 30, 35, 40])

# Utbildningsnämnden
ind("behorighet", "Elever i åk 9 behöriga till gymnasieskolan", "%", "kund", "utbn",
    kolada="U60900", tags=["quality"],
    description="Vårterminens resultat; redovisas vid T2 och för helåret.")
tgt("behorighet", "2024", 85, warning=80)
tgt("behorighet", "2025", kind="improve")
spring("behorighet", "utbn", "83.2", "84.1", "85.6", own_org=True,
       gender=[("85.9", "80.6"), ("86.8", "81.5"), ("88.1", "83.0")])
spring("behorighet", "vallaskolan", "80.5", "79.8", "81.9",
       gender=[("83.0", "78.1"), ("82.4", "77.3"), ("84.2", "79.7")])
spring("behorighet", "kunskapsgarden", "92.0", "93.5", "90.2")

ind("trygghet", "Andel barn och unga som känner sig trygga", "%", "kund", "utbn",
    tags=["quality"], description="Elevenkäten (vår) i skolan, tertialenkät på fritidsgårdarna.")
tgt("trygghet", "2024", 90, warning=85)
tgt("trygghet", "2025", 90, warning=85)
spring("trygghet", "kvarnskolan", 86, 88, 91)
tertials("trygghet", "fritid", [88, 89, 88, 89, 90, 88, 84, 79])

ind("matsvinn", "Tallrikssvinn", "g/portion", "samhälle och miljö", "tn",
    direction="lower_is_better", consolidation="mean", tags=["environment"])
tgt("matsvinn", "2024", 30, warning=35)
tgt("matsvinn", "2025", 25, warning=30)
tertials("matsvinn", "ekbacken", [28, 26, 25, 24, 22, 21, 20, 18])
tertials("matsvinn", "kvarnskolan", [38, 36, 35, 34, 32, 31, 29, 27])
tertials("matsvinn", "vallaskolan", [41, 40, 39, 38, 37, 36, 35, 33])
tertials("matsvinn", "tallbacken", [32, 30, 29, 28, 26, 25, 24, 22])

ind("behorig_personal", "Andel personal med behörighet eller legitimation för sitt yrke", "%",
    "medarbetare", "utbn", tags=["quality"],
    description="Förskollärare, lärare respektive undersköterskor.")
tgt("behorig_personal", "2024", 75)
tgt("behorig_personal", "2025", 75)
tgt("behorig_personal", "2024", 90, org="kunskapsgarden", warning=85)
tgt("behorig_personal", "2025", 90, org="kunskapsgarden", warning=85)
tgt("behorig_personal", "2025", 80, org="omsorgshuset", warning=70)
tertials("behorig_personal", "ekbacken", [62, 63, 64, 64, 65, 66, 67, 68])
tertials("behorig_personal", "solrosen", [48, 49, 50, 50, 51, 52, 52, 52])
tertials("behorig_personal", "kunskapsgarden", [89, 89, 88, 88, 88, 87, 87, 87])
tertials("behorig_personal", "omsorgshuset", [65, 66, 68, 69, 70, 71, 72, 74])

# Socialnämnden
ind("kontinuitet", "Personalkontinuitet i hemtjänsten: antal personal per brukare under 14 dagar",
    "antal", "kund", "sn", direction="lower_is_better", consolidation="mean", tags=["quality"])
tgt("kontinuitet", "2024", 13, warning=16)
tgt("kontinuitet", "2025", 12, warning=15)
tertials("kontinuitet", "hemtjanst", [15, "14.8", "14.6", "14.4", "14.1", "13.9", "13.5", "12.8"])
tertials("kontinuitet", "omsorgshuset", [14, "13.8", "14.1", "14.3", "14.6", "14.9", "15.2", "16.4"])

ind("vantetid_sabo", "Väntetid från ansökan till erbjudet inflyttningsdatum till särskilt boende",
    "dagar", "kund", "sn", direction="lower_is_better", kolada="U23401")
tgt("vantetid_sabo", "2024", 70, warning=100)
tgt("vantetid_sabo", "2025", 60, warning=90)
tertials("vantetid_sabo", "sn", [95, 88, 90, 84, 80, 77, 74, 58], own_org=True)

ind("utredning120", "Andel barnavårdsutredningar avslutade inom 120 dagar", "%", "kund", "sn",
    consolidation="mean")
tgt("utredning120", "2024", 95, warning=85)
tgt("utredning120", "2025", 95, warning=85)
tertials("utredning120", "ifo", [82, 84, 85, 86, 88, 89, 90, 91])

ind("aterfall", "Andel unga utan ny aktualisering inom ett år efter avslutad insats", "%",
    "samhälle och miljö", "sn")
tgt("aterfall", "2024", 75)
tgt("aterfall", "2025", 80)
tertials("aterfall", "ifo", [72, 74, 73, 75, 77, 78, 80, 81])

ind("nojda_brukare", "Andel nöjda brukare, besökare och hyresgäster (egen enkät)", "%", "kund", "kf",
    tags=["quality"])
tgt("nojda_brukare", "2024", 85, warning=80)
tgt("nojda_brukare", "2025", 85, warning=80)
tgt("nojda_brukare", "2024", 78, org="exempelhem", warning=73)
tgt("nojda_brukare", "2025", 80, org="exempelhem", warning=75)
tertials("nojda_brukare", "bibliotek", [88, 89, 90, 90, 91, 91, 92, 92])
tertials("nojda_brukare", "tallbacken", [86, 85, 85, 84, 84, 83, 84, 83])
tertials("nojda_brukare", "exempelhem", [74, 75, 76, 77, 78, 79, 80, 81])

# Kultur och fritid
ind("besok_bibliotek", "Antal besök på biblioteket", "antal", "kund", "kfn",
    description="Följs upp utan målvärde (bevakningsnyckeltal).")
tertials("besok_bibliotek", "bibliotek", [41200, 30100, 38800, 42500, 31400, 40100, 43900, 32800], "sum")

ind("sprakcafe", "Deltagare i språkcaféer och läsfrämjande aktiviteter", "antal",
    "samhälle och miljö", "kfn")
for y, (a, b, c) in (("2024", (280, 180, 280)), ("2025", (300, 200, 300))):
    tgt("sprakcafe", y + "T1", a)
    tgt("sprakcafe", y + "T2", b)
    tgt("sprakcafe", y + "T3", c)
    tgt("sprakcafe", y, a + b + c)
tertials("sprakcafe", "bibliotek", [240, 150, 260, 270, 170, 290, 310, 240], "sum")

ind("unga_besok", "Besökare 13–19 år per öppetkväll på fritidsgårdarna", "antal", "kund", "kfn",
    tags=["quality"])
tgt("unga_besok", "2024", 38, warning=32)
tgt("unga_besok", "2025", 40, warning=34)
tertials("unga_besok", "fritid", [34, 33, 36, 38, 41, 40, 42, 43],
         gender=[(14, 20), (13, 20), (14, 22), (15, 23), (15, 26), (13, 27), (12, 30), (11, 32)])

# Teknik
ind("felanmalan", "Andel felanmälningar åtgärdade inom utlovad tid", "%", "kund", "tn",
    consolidation="mean", tags=["quality"])
tgt("felanmalan", "2024", 88, warning=78)
tgt("felanmalan", "2025", 90, warning=80)
tertials("felanmalan", "gatapark", [82, 85, 84, 83, 86, 86, 87, 88])
tertials("felanmalan", "fastighet", [88, 90, 91, 90, 92, 93, 93, 94])

ind("energi", "Energianvändning i lokaler och bostäder, rullande tolv månader", "kWh/m² per tertial",
    "samhälle och miljö", "tn", direction="lower_is_better", window=3, tags=["environment"],
    description="Medel av de tre senaste tertialerna, så att årstiden inte styr utfallet.")
tgt("energi", "2024", 48, org="fastighet", warning=52)
tgt("energi", "2025", 45, org="fastighet", warning=50)
tgt("energi", "2024", 44, org="exempelhem", warning=48)
tgt("energi", "2025", 42, org="exempelhem", warning=46)
# The window also applies to years: the 2024 value is the mean of 2022–2024.
meas("energi", "2022", 51, "fastighet")
meas("energi", "2022", 47, "exempelhem")
tertials("energi", "fastighet", [62, 38, 50, 60, 36, 48, 57, 34])
tertials("energi", "exempelhem", [56, 33, 45, 54, 32, 44, 52, 30])

# Exempelhem AB
ind("soliditet", "Soliditet", "%", "ekonomi", "exempelhem")
tgt("soliditet", "2024", 11, warning=9)
tgt("soliditet", "2025", 12, warning=10)
tertials("soliditet", "exempelhem", ["10.2", "10.5", "10.9", "11.2", "11.5", "11.8", "12.1", "12.4"],
         own_org=True)

# ---------------------------------------------------------------- goals
goals = []


def goal(id, title, level, perspective, owner, indicators=(), contributes_to=(), applies_to=(),
         rule=None, assessments=(), tags=(), description=None):
    e = {"id": id, "title": title}
    if description:
        e["description"] = description
    e.update({"level": level, "perspective": perspective, "owner": owner})
    if indicators:
        e["indicators"] = [i if isinstance(i, dict) else {"indicator": i} for i in indicators]
    if contributes_to:
        e["contributes_to"] = list(contributes_to)
    if applies_to:
        e["applies_to"] = list(applies_to)
    if rule:
        e["rule"] = rule
    if assessments:
        e["assessments"] = list(assessments)
    if tags:
        e["tags"] = list(tags)
    goals.append(e)


def ws(f, p):
    return {"kind": "weighted_score", "fulfilled_at": f, "partly_at": p}


C, S, E, K = "citizen", "society_environment", "employees", "economy"

# Kommunfullmäktiges övergripande mål
goal("kf-1", "Invånarna är nöjda med kommunens service", "council", "kund", "kf",
     ["nmi"], rule=ws("0.75", "0.4"), tags=["quality"])
goal("kf-2", "Barn och unga har goda förutsättningar att lyckas", "council", "medborgare", "kf",
     rule=ws("0.75", "0.4"))
goal("kf-3", "Kommunkoncernen minskar sin klimatpåverkan", "council", "samhälle och miljö", "kf",
     ["co2"], tags=["environment"])
goal("kf-4", "Exempelkommun är en trygg och levande plats att bo i", "council", S, "kf")
goal("kf-5", "Kommunkoncernen är en attraktiv arbetsgivare", "council", "medarbetare", "kf",
     rule={"kind": "share_fulfilled", "fulfilled_at": "0.75", "partly_at": "0.3"})
goal("kf-6", "Kommunkoncernen har en god ekonomisk hushållning", "council", "ekonomi", "kf",
     rule={"kind": "worst"})
goal("kf-7", "Näringslivet i Exempelkommun växer och mår bra", "council", S, "kf", ["nki_foretag"],
     description="Nytt mål i budget 2025; nämndernas nedbrytning görs i verksamhetsplanerna för 2026.")

# Kommunstyrelsen
goal("ks-1", "Kommunens service är tillgänglig och bemötandet gott", "board", "kund", "ks",
     ["tillganglighet"], ["kf-1"], tags=["quality"])
goal("ks-2", "Kommunens egna transporter är fossilfria", "board", S, "ks", ["fossilfria"], ["kf-3"],
     tags=["environment"])
goal("ks-3", "Medarbetarna har en hållbar arbetsmiljö och låg sjukfrånvaro", "board", E, "ks",
     ["sjukfranvaro"], ["kf-5"])
goal("ks-4", "Resultatet uppgår till minst två procent av skatteintäkterna", "board", K, "ks",
     ["resultat"], ["kf-6"])

# Utbildningsnämnden
goal("utbn-1", "Alla elever når kunskapskraven och är behöriga till gymnasiet", "board", "kund", "utbn",
     ["behorighet"], [{"goal": "kf-2", "weight": "2"}], ["solrosen", "kunskapsgarden"],
     rule=ws("0.7", "0.4"), tags=["quality"])
goal("utbn-2", "Förskolor och skolor minskar sin miljöpåverkan", "board", S, "utbn", ["matsvinn"],
     ["kf-3"], ["solrosen", "kunskapsgarden"], tags=["environment"])
goal("utbn-3", "Förskolor och skolor har kompetenta och friska medarbetare", "board", E, "utbn",
     ["sjukfranvaro"], ["kf-5"])
goal("utbn-4", "Utbildningsnämnden bedriver verksamheten inom budget", "board", K, "utbn",
     ["budget"], ["kf-6"])

# Socialnämnden
goal("sn-1", "Den som behöver stöd och omsorg får rätt insats i rätt tid", "board", "kund", "sn",
     ["vantetid_sabo"], ["kf-1"], ["omsorgshuset"], tags=["quality"],
     assessments=[{"period": "2024", "status": "partly_fulfilled",
                   "comment": "Väntetiden till särskilt boende har minskat men kontinuiteten i "
                              "hemtjänsten är fortfarande för låg.",
                   "author": "Socialnämndens presidium", "date": "2025-02-18"}])
goal("sn-2", "Barn och unga far inte illa och får tidigt stöd", "board", S, "sn",
     contributes_to=["kf-2", {"goal": "kf-4", "weight": "2"}])
goal("sn-3", "Omsorgens medarbetare är friska och stannar", "board", E, "sn", ["sjukfranvaro"],
     ["kf-5"])
goal("sn-4", "Socialnämnden bedriver verksamheten inom budget", "board", K, "sn", ["budget"],
     ["kf-6"])
goal("sn-5", "Omsorgen minskar sin klimatpåverkan", "board", S, "sn", ["fossilfria"], ["kf-3"],
     ["omsorgshuset"], tags=["environment"])

# Kultur- och fritidsnämnden
goal("kfn-1", "Invånarna har tillgång till ett rikt kultur- och fritidsliv", "board", "medborgare",
     "kfn", contributes_to=["kf-1"], tags=["quality"],
     assessments=[{"period": "2025T2", "status": "partly_fulfilled",
                   "comment": "Besöken ökar, men andelen flickor på fritidsgårdarna har sjunkit "
                              "tre tertialer i rad. Nämnden bedömer målet som delvis uppfyllt.",
                   "author": "Kultur- och fritidsnämnden", "date": "2025-09-16"}])
goal("kfn-2", "Unga känner sig trygga och delaktiga", "board", S, "kfn", contributes_to=["kf-4"])
goal("kfn-3", "Medarbetarna är friska och engagerade", "board", E, "kfn", ["sjukfranvaro"], ["kf-5"])
goal("kfn-4", "Kultur- och fritidsnämnden bedriver verksamheten inom budget", "board", K, "kfn",
     ["budget"], ["kf-6"])

# Tekniska nämnden
goal("tn-1", "Den offentliga miljön är ren, hel och säker", "board", "kund", "tn", ["felanmalan"],
     ["kf-1", "kf-4"], tags=["quality"])
goal("tn-2", "Utsläppen från fordon och lokaler minskar", "board", S, "tn", ["co2"], ["kf-3"],
     tags=["environment"])
goal("tn-3", "Medarbetarna har en säker och hälsosam arbetsmiljö", "board", E, "tn",
     ["sjukfranvaro"], ["kf-5"])
goal("tn-4", "Tekniska nämnden bedriver verksamheten inom budget", "board", K, "tn", ["budget"],
     ["kf-6"])

# Exempelhem AB (ägardirektivets mål)
goal("eh-1", "Hyresgästerna är nöjda med sitt boende", "board", "kund", "exempelhem",
     ["nojda_brukare"], ["kf-1"], tags=["quality"])
goal("eh-2", "Bostadsbeståndet blir energieffektivt och fossilfritt", "board", S, "exempelhem",
     ["co2", "energi"], ["kf-3"], tags=["environment"])
goal("eh-3", "Bolagets medarbetare har låg sjukfrånvaro", "board", E, "exempelhem", ["sjukfranvaro"],
     ["kf-5"])
goal("eh-4", "Bolaget har en långsiktigt stabil ekonomi", "board", K, "exempelhem", ["soliditet"],
     ["kf-6"])


def unit_goals(u, c, s_, extra_up=None):
    """The four operational goals of a unit: (title, indicator, board goal)."""
    for n, (persp, (title, i, up)) in enumerate(zip((C, S, E, K), (c, s_, None, None)), 1):
        pass


def op(id, title, persp, owner, indicator, up, tags=(), weight=None):
    links = [{"goal": g, "weight": weight} if weight else g for g in ([up] if isinstance(up, str) else up)]
    goal(id, title, "operational", persp, owner, [indicator] if indicator else (), links, tags=tags)


def standard(unit, board, c, s_, c_tags=("quality",), s_tags=("environment",), s_up=None):
    op(f"{unit}-1", c[0], C, unit, c[1], f"{board}-1", c_tags)
    op(f"{unit}-2", s_[0], S, unit, s_[1], s_up or f"{board}-2", s_tags)
    op(f"{unit}-3", "Sjukfrånvaron minskar", E, unit, "sjukfranvaro", f"{board}-3")
    op(f"{unit}-4", "Enheten håller sin budget", K, unit, "budget", f"{board}-4")


standard("ekbacken", "utbn", ("Barnen möter legitimerade förskollärare", "behorig_personal"),
         ("Matsvinnet i förskolan halveras", "matsvinn"))
standard("kvarnskolan", "utbn", ("Eleverna känner sig trygga i skolan", "trygghet"),
         ("Matsvinnet i skolrestaurangen minskar", "matsvinn"))
standard("vallaskolan", "utbn", ("Fler elever blir behöriga till gymnasiet", "behorighet"),
         ("Matsvinnet i skolrestaurangen minskar", "matsvinn"))
standard("hemtjanst", "sn", ("Brukarna möter få olika personal", "kontinuitet"),
         ("Hemtjänstens bilar är fossilfria", "fossilfria"), s_up="sn-5")
standard("tallbacken", "sn", ("De boende är nöjda med sitt boende", "nojda_brukare"),
         ("Matsvinnet på boendet minskar", "matsvinn"), s_up="sn-5")
standard("ifo", "sn", ("Barnavårdsutredningar blir klara i tid", "utredning120"),
         ("Insatserna för unga ger varaktig effekt", "aterfall"), s_tags=())
standard("bibliotek", "kfn", ("Besökarna är nöjda med bibliotekets service", "nojda_brukare"),
         ("Fler deltar i språkcaféer och läsfrämjande aktiviteter", "sprakcafe"), s_tags=())
standard("fritid", "kfn", ("Fler unga besöker fritidsgårdarna", "unga_besok"),
         ("Unga känner sig trygga på fritidsgårdarna", "trygghet"), s_tags=())
standard("gatapark", "tn", ("Felanmälningar åtgärdas inom utlovad tid", "felanmalan"),
         ("Arbetsfordonen är fossilfria", "fossilfria"))
standard("fastighet", "tn", ("Felanmälningar i lokalerna åtgärdas inom utlovad tid", "felanmalan"),
         ("Energianvändningen i lokalerna minskar", "energi"))

# Fritidsgårdarnas trygghetsmål bidrar också till socialnämndens mål (samverkan).
next(g for g in goals if g["id"] == "fritid-2")["contributes_to"].append("sn-2")
# Ett nytt verksamhetsmål som ännu inte är kopplat eller mätbart.
goal("bibliotek-5", "Biblioteket har meröppet kvällar och helger", "operational", C, "bibliotek",
     description="Nytt 2025. Nyckeltal och koppling till nämndmål beslutas i höstens dialog.")

# Fristående och privata utförare: nämndens mål sätts på dem via applies_to;
# egna verksamhetsmål kopplas till nämndens mål.
op("solrosen-1", "Förskolan har utbildade förskollärare", E, "solrosen", "behorig_personal", "utbn-3",
   ("quality",))
op("kunskapsgarden-1", "Alla elever i åk 9 blir behöriga till gymnasiet", C, "kunskapsgarden",
   "behorighet", "utbn-1", ("quality",))
op("kunskapsgarden-2", "Undervisningen bedrivs av legitimerade lärare", E, "kunskapsgarden",
   "behorig_personal", "utbn-3", ("quality",))
op("omsorgshuset-1", "Brukarna möter få olika personal", C, "omsorgshuset", "kontinuitet",
   "sn-1", ("quality",), weight="2")
op("omsorgshuset-2", "Omsorgspersonalen är utbildade undersköterskor", E, "omsorgshuset",
   "behorig_personal", "sn-3", ("quality",))

# ---------------------------------------------------------------- action plans
plans = []


def plan(id, title, owner, goal_ids, activities, tags=()):
    e = {"id": id, "title": title, "owner": owner, "goals": list(goal_ids)}
    if tags:
        e["tags"] = list(tags)
    e["activities"] = []
    for a in activities:
        act = {"id": a[0], "title": a[1]}
        if a[2]:
            act["responsible"] = a[2]
        act["start"], act["due"] = a[3], a[4]
        if a[5] != "not_started":
            act["status"] = a[5]
        if a[6] is not None:
            act["progress"] = s(a[6])
        e["activities"].append(act)
    plans.append(e)


plan("hp-sn-ekonomi", "Åtgärdsplan för en ekonomi i balans inom socialnämnden", "sk",
     ["sn-4", "hemtjanst-4", "ifo-4"], [
         ("a-placeringar", "Översyn av externa placeringar av barn och unga", "ifo",
          "2025-02-01", "2025-06-30", "ongoing", 60),
         ("a-resursmodell", "Ny resursfördelningsmodell i hemtjänsten", "hemtjanst",
          "2025-03-01", "2025-10-31", "ongoing", 45),
         ("a-hvb-avtal", "Nytt ramavtal för HVB-placeringar", "sk",
          "2024-10-01", "2025-03-31", "completed", 100),
     ])
plan("hp-sn-arbetsmiljo", "Friskare arbetsplatser i äldreomsorgen", "sk",
     ["sn-3", "hemtjanst-3", "tallbacken-3"], [
         ("a-heltid", "Heltid som norm: ny schemamodell", "tallbacken",
          "2024-09-01", "2025-05-31", "ongoing", 70),
         ("a-halsoinspiratorer", "Hälsoinspiratörer på varje enhet", "sk",
          "2024-09-01", "2025-02-28", "completed", 100),
         ("a-tidig-rehab", "Tidiga rehabiliteringssamtal vid upprepad korttidsfrånvaro", "hemtjanst",
          "2025-06-01", "2025-12-31", "not_started", None),
     ])
plan("hp-omsorgshuset", "Uppföljning av Omsorgshuset Hemtjänst AB enligt avtal", "sn",
     ["omsorgshuset-1", "sn-5"], [
         ("a-arbetslag", "Mindre arbetslag per brukargrupp", "omsorgshuset",
          "2025-03-01", "2025-08-15", "ongoing", 30),
         ("a-elbilar-oh", "Plan för övergång till elbilar redovisas för nämnden", "omsorgshuset",
          "2025-04-01", "2025-11-30", "ongoing", 20),
     ], tags=("quality",))
plan("hp-klimat", "Fossilfri fordonsflotta och energieffektiva lokaler", "tk",
     ["tn-2", "ks-2", "gatapark-2", "fastighet-2"], [
         ("a-elbilar", "Upphandling av elbilar till bilpoolen", "klk",
          "2024-02-01", "2024-11-30", "completed", 100),
         ("a-laddning", "Laddinfrastruktur vid kommunhuset och depåerna", "gatapark",
          "2025-01-15", "2025-09-30", "ongoing", 65),
         ("a-biogas", "Biogas i arbetsmaskinerna", "gatapark",
          "2024-03-01", "2025-03-31", "cancelled", 10),
         ("a-hvo", "HVO100 i alla arbetsmaskiner (ersätter biogas)", "gatapark",
          "2025-04-01", "2025-12-31", "ongoing", 50),
         ("a-styrsystem", "Nya styrsystem för värme och ventilation i tio skolor", "fastighet",
          "2024-08-01", "2025-08-31", "ongoing", 85),
     ], tags=("environment",))
plan("hp-matsvinn", "Minskat matsvinn i förskolor och skolor", "utbk",
     ["utbn-2", "vallaskolan-2", "kvarnskolan-2"], [
         ("a-svinnmatning", "Svinnmätning varje vecka i alla skolrestauranger", "utbk",
          "2024-08-15", "2024-12-20", "completed", 100),
         ("a-svinnkampanj", "Elevkampanj mot tallrikssvinn på Vallaskolan", "vallaskolan",
          "2025-02-01", "2025-04-30", "not_started", None),
     ], tags=("environment",))
plan("hp-behorighet", "Fler behöriga elever", "utbk", ["utbn-1", "vallaskolan-1"], [
    ("a-lovskola", "Lovskola i matematik och svenska", "vallaskolan",
     "2025-06-09", "2025-06-27", "completed", 100),
    ("a-specped", "Specialpedagogiskt stöd i åk 7–9", "vallaskolan",
     "2025-01-08", "2025-12-19", "ongoing", 55),
], tags=("quality",))
plan("hp-fritid", "Fler flickor och tryggare fritidsgårdar", "kfk", ["kfn-1", "fritid-1", "fritid-2"], [
    ("a-tjejkvallar", "Tjejkvällar två gånger i veckan", "fritid",
     "2025-01-15", "2025-12-31", "ongoing", 40),
    ("a-enkat-flickor", "Enkät om flickors fritidsvanor", "fritid",
     "2025-03-01", "2025-06-15", "paused", 25),
    ("a-fritidsledare", "Fler fritidsledare på kvällstid, samverkan med socialtjänsten", "fritid",
     "2025-08-01", "2025-12-31", "not_started", None),
], tags=("quality",))

model = {
    "format": "styrkort/1",
    "settings": {"citizen_label": "Medborgare (Kund)", "partly_at": "0.9",
                 "rule": {"kind": "all_some_none"}},
    "organisation": org,
    "indicators": [indicators[i] for i in order],
    "goals": goals,
    "action_plans": plans,
}


# ---------------------------------------------------------------- self-check
def check(m):
    """The deliberate warnings, predicted the way DESIGN.md §4 defines them."""
    orgs = {x["id"]: x for x in m["organisation"]}
    gl = {g["id"]: g for g in m["goals"]}
    P = {"kund": C, "medborgare": C, "samhälle och miljö": S, "medarbetare": E, "ekonomi": K}
    persp = lambda g: P.get(g["perspective"], g["perspective"])

    def board_of(o):
        while o:
            if orgs[o]["kind"] in ("board", "executive_board", "company"):
                return o
            o = orgs[o].get("parent")
        return None

    out = []
    kinds = {"council": ("council",), "board": ("board", "executive_board", "company"),
             "operational": ("unit", "provider")}
    up = {"operational": "board", "board": "council"}
    children = {}
    for g in m["goals"]:
        assert orgs[g["owner"]]["kind"] in kinds[g["level"]], g["id"]
        for l in g.get("contributes_to", []):
            t = l if isinstance(l, str) else l["goal"]
            assert gl[t]["level"] == up[g["level"]], (g["id"], t)
            children.setdefault(t, []).append(g["id"])
            if g["level"] == "operational" and board_of(g["owner"]) != gl[t]["owner"]:
                out.append(("cross_board_contribution", "goal:" + g["id"]))
        for i in g.get("indicators", []):
            assert i["indicator"] in indicators, i
        for a in g.get("applies_to", []):
            assert a in orgs
        if g["level"] != "council" and not g.get("contributes_to"):
            out.append(("broken_red_thread", "goal:" + g["id"]))
    for g in m["goals"]:
        if g["level"] == "council" and g["id"] not in children:
            out.append(("uncovered_council_goal", "goal:" + g["id"]))
        if not g.get("indicators") and g["id"] not in children:
            out.append(("nothing_to_assess", "goal:" + g["id"]))
    for i in m["indicators"]:
        if not i["targets"]:
            out.append(("indicator_without_target", "indicator:" + i["id"]))
        seen = set()
        for x in i["measurements"]:
            k = (x.get("org", i["owner"]), x["period"])
            assert k not in seen, (i["id"], k)
            seen.add(k)
            assert x.get("org", i["owner"]) in orgs
    for o_ in orgs:
        card = [g for g in m["goals"] if g["owner"] == o_ or o_ in g.get("applies_to", [])
                or (orgs[o_]["kind"] == "office" and g["level"] == "board"
                    and g["owner"] == board_of(o_))]
        if card:
            miss = {C, S, E, K} - {persp(g) for g in card}
            if miss:
                out.append(("missing_perspective", "org:" + o_))
    acts = set()
    for p in m["action_plans"]:
        for g in p["goals"]:
            assert g in gl, g
        for a in p["activities"]:
            assert a["id"] not in acts
            acts.add(a["id"])
            assert a["start"] <= a["due"]
    return sorted(out, key=lambda x: (x[1], x[0]))


def dump(v, ind=0):
    """Pretty JSON with two-space indent; small flat objects and arrays on one line."""
    flat = json.dumps(v, ensure_ascii=False, separators=(", ", ": "))
    nested = isinstance(v, (dict, list)) and any(
        isinstance(x, (dict, list)) for x in (v.values() if isinstance(v, dict) else v))
    if not isinstance(v, (dict, list)) or (not nested and len(flat) + ind <= 110) or not v:
        return flat
    pad = "  " * (ind + 1)
    if isinstance(v, dict):
        items = [f'{pad}{json.dumps(k, ensure_ascii=False)}: {dump(x, ind + 1)}' for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * ind + "}"
    items = [pad + dump(x, ind + 1) for x in v]
    return "[\n" + ",\n".join(items) + "\n" + "  " * ind + "]"


if __name__ == "__main__":
    warnings = check(model)
    for w in warnings:
        print("expected warning:", *w, file=sys.stderr)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exempelkommun.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(dump(model) + "\n")
    print(f"wrote {path}: {len(org)} orgs, {len(indicators)} indicators, {len(goals)} goals, "
          f"{len(plans)} action plans", file=sys.stderr)
