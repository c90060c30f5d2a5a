//! Kolada: parsing v3 payloads, applying them to a model, indicators from
//! KPI metadata, and comparison-group statistics. The fixtures in
//! `tests/fixtures/kolada/` are hand-written in the real v3 shape; every
//! expected number below is worked out by hand (see that README).

use std::fs;
use std::path::Path;

use styrkort::kolada::{
    compare, indicator_from_kpi, parse_data, parse_data_pages, parse_kpis, unit_from_title,
    ComparisonData, ConflictPolicy, Gender, KoladaRow, Place,
};
use styrkort::{Decimal, Direction, Error, Model, OrgId, Period};

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/kolada")
        .join(name);
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn year(y: i32) -> Period {
    Period::year_of(y).unwrap()
}

fn json_path(e: &Error) -> &str {
    match e {
        Error::Json { path, .. } => path,
        other => panic!("expected a JSON error, got {other:?}"),
    }
}

fn all_rows() -> Vec<KoladaRow> {
    let (p1, p2, ou) = (
        fixture("data_page1.json"),
        fixture("data_page2.json"),
        fixture("ou_data.json"),
    );
    parse_data_pages([p1.as_str(), p2.as_str(), ou.as_str()]).unwrap()
}

// ----------------------------------------------------------------- parsing

#[test]
fn page_one_envelope_and_exact_values() {
    let page = parse_data(&fixture("data_page1.json")).unwrap();
    assert_eq!(page.count, Some(7));
    assert_eq!(
        page.next_url.as_deref(),
        Some("https://api.kolada.se/v3/data/kpi/N15428,U00408/municipality/0114,0115/year/2023,2024?page=2&per_page=4")
    );
    assert_eq!(page.previous_url, None);
    assert_eq!(page.deleted_rows, 0);
    assert_eq!(page.rows.len(), 4);
    let r = &page.rows[0];
    assert_eq!(r.kpi, "N15428");
    assert_eq!(r.municipality.as_deref(), Some("0114"));
    assert_eq!(r.ou, None);
    assert_eq!(r.place(), Place::Municipality("0114".into()));
    assert_eq!(r.period, year(2024));
    // Exact: the text of the JSON number, scale and all.
    assert_eq!(r.value(Gender::Total).unwrap().to_string(), "74.1");
    assert_eq!(r.value(Gender::Women).unwrap().to_string(), "78.3");
    assert_eq!(r.value(Gender::Men).unwrap().to_string(), "70.2");
    assert_eq!(
        page.rows[1].value(Gender::Women).unwrap().to_string(),
        "75.0"
    );
    assert_eq!(page.rows[2].value(Gender::Total).unwrap().to_string(), "58");
    assert_eq!(page.rows[2].value(Gender::Women), None);
    assert_eq!(r.values[0].count, Some(1));
    assert_eq!(r.values[0].status.as_deref(), Some(""));
}

#[test]
fn null_is_missing_not_zero() {
    let page = parse_data(&fixture("data_page1.json")).unwrap();
    let r = &page.rows[3];
    assert_eq!(r.values.len(), 1);
    assert_eq!(r.values[0].value, None);
    assert_eq!(r.values[0].status.as_deref(), Some("Saknas"));
    assert_eq!(r.values[0].count, Some(0));
    assert_eq!(r.value(Gender::Total), None);
}

#[test]
fn page_two_deleted_rows_and_values_string_period_unknown_fields() {
    let page = parse_data(&fixture("data_page2.json")).unwrap();
    assert_eq!(page.next_url, None);
    assert!(page
        .previous_url
        .as_deref()
        .unwrap()
        .ends_with("page=1&per_page=4"));
    assert_eq!(page.deleted_rows, 1);
    assert_eq!(page.rows.len(), 2);
    let r = &page.rows[0];
    assert_eq!(r.period, year(2024), "period given as the string \"2024\"");
    assert_eq!(r.values.len(), 2, "the deleted K value is dropped");
    assert_eq!(r.value(Gender::Women), None);
    assert_eq!(r.value(Gender::Total).unwrap().to_string(), "78.25");
    assert_eq!(page.rows[1].period, year(2023));
    assert_eq!(page.rows[1].value(Gender::Total), Some(d("77.9")));
    assert!(
        page.rows.iter().all(|r| r.kpi != "U00408"),
        "the deleted row is gone"
    );
}

#[test]
fn ou_row() {
    let page = parse_data(&fixture("ou_data.json")).unwrap();
    let r = &page.rows[0];
    assert_eq!(r.municipality, None);
    assert_eq!(r.place(), Place::Ou("V15E011400101".into()));
    assert_eq!(r.value(Gender::Total), Some(d("75.3")));
}

#[test]
fn pages_concatenate_in_order() {
    let rows = all_rows();
    assert_eq!(rows.len(), 4 + 2 + 1);
    assert_eq!(rows[4].municipality.as_deref(), Some("0115"));
    assert_eq!(rows[6].ou.as_deref(), Some("V15E011400101"));
}

#[test]
fn bare_array_of_rows() {
    let rows = parse_data(
        r#"[{"kpi": "N1", "municipality": "0114", "period": 2020,
             "values": [{"gender": "T", "value": "1.50"}]}]"#,
    )
    .unwrap()
    .rows;
    assert_eq!(rows[0].value(Gender::Total).unwrap().to_string(), "1.50");
    let e = parse_data(r#"[{"kpi": "N1", "municipality": "0114", "period": 20, "values": []}]"#)
        .unwrap_err();
    assert_eq!(json_path(&e), "[0].period");
}

#[test]
fn malformed_value_names_the_row() {
    let e = parse_data(&fixture("malformed_row.json")).unwrap_err();
    assert_eq!(json_path(&e), "values[1].values[0].value");
    assert!(e.to_string().contains("sjuttiofyra"), "{e}");
    // Through the pages entry point the page is named too.
    let ok = fixture("data_page1.json");
    let bad = fixture("malformed_row.json");
    let e = parse_data_pages([ok.as_str(), bad.as_str()]).unwrap_err();
    assert_eq!(json_path(&e), "pages[1].values[1].values[0].value");
}

#[test]
fn malformed_required_fields() {
    let row = |body: &str| format!(r#"{{"values": [{body}]}}"#);
    let cases = [
        (
            r#"{"municipality": "0114", "period": 2024, "values": []}"#,
            "values[0]",
            "kpi",
        ),
        (
            r#"{"kpi": "", "municipality": "0114", "period": 2024, "values": []}"#,
            "values[0].kpi",
            "non-empty",
        ),
        (
            r#"{"kpi": "N1", "municipality": "0114", "period": "2024T1", "values": []}"#,
            "values[0].period",
            "year",
        ),
        (
            r#"{"kpi": "N1", "municipality": "0114", "period": 2024.5, "values": []}"#,
            "values[0].period",
            "year",
        ),
        (
            r#"{"kpi": "N1", "municipality": "0114", "period": 2024, "values": [{"gender": "X", "value": 1}]}"#,
            "values[0].values[0].gender",
            "X",
        ),
        (
            r#"{"kpi": "N1", "municipality": "0114", "period": 2024, "values": [{"value": 1}]}"#,
            "values[0].values[0]",
            "gender",
        ),
        (
            r#"{"kpi": "N1", "municipality": "0114", "period": 2024, "values": [{"gender": "T", "value": 1, "count": -1}]}"#,
            "values[0].values[0].count",
            "count",
        ),
        (
            r#"{"kpi": "N1", "period": 2024, "values": []}"#,
            "values[0]",
            "municipality",
        ),
        (
            r#"{"kpi": "N1", "municipality": "0114", "period": 2024,
                "values": [{"gender": "T", "value": 1}, {"gender": "T", "value": 2}]}"#,
            "values[0].values[1].gender",
            "twice",
        ),
        (
            r#"{"kpi": "N1", "municipality": "0114", "period": 2024, "values": [], "isdeleted": "yes"}"#,
            "values[0].isdeleted",
            "true",
        ),
    ];
    for (body, path, needle) in cases {
        let e = parse_data(&row(body)).unwrap_err();
        assert_eq!(json_path(&e), path, "{body}");
        assert!(e.to_string().contains(needle), "{body}: {e}");
    }
    // The envelope needs its `values`.
    let e = parse_data(r#"{"count": 0}"#).unwrap_err();
    assert!(e.to_string().contains("values"), "{e}");
    // A deleted row is dropped before its place is checked; a deleted
    // duplicate value does not count as a duplicate.
    let page = parse_data(
        r#"{"values": [{"kpi": "N1", "period": 2024, "values": [], "isdeleted": 1},
            {"kpi": "N1", "municipality": "0114", "period": 2024,
             "values": [{"gender": "T", "value": 1, "isdeleted": true}, {"gender": "T", "value": 2}]}]}"#,
    )
    .unwrap();
    assert_eq!(page.deleted_rows, 1);
    assert_eq!(page.rows[0].value(Gender::Total), Some(d("2")));
}

#[test]
fn kpi_metadata() {
    let page = parse_kpis(&fixture("kpi_metadata.json")).unwrap();
    assert_eq!(page.count, Some(4));
    let ids: Vec<&str> = page.kpis.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(ids, ["N15428", "U00408", "N17413", "N00945"]);
    let k = &page.kpis[0];
    assert!(k.is_divided_by_gender && k.has_ou_data);
    assert_eq!(k.operating_area.as_deref(), Some("Grundskola"));
    assert_eq!(k.perspective.as_deref(), Some("Resultat"));
    assert_eq!(k.publication_date.as_deref(), Some("2025-09-30"));
    assert_eq!(k.prel_publication_date, None);
    assert_eq!(k.publ_period.as_deref(), Some("2024"));
    assert_eq!(k.municipality_type.as_deref(), Some("K"));
    assert!(!page.kpis[1].is_divided_by_gender, "0 is false");
    assert!(page.kpis[3].is_divided_by_gender, "1 is true");
    assert_eq!(
        page.kpis[3].description, None,
        "an empty description is none"
    );
    let e = parse_kpis(r#"{"values": [{"id": "N1"}]}"#).unwrap_err();
    assert_eq!(json_path(&e), "values[0]");
    assert!(e.to_string().contains("title"), "{e}");
}

// ---------------------------------------------------------------- applying

fn model() -> Model {
    Model::from_json(&fixture("model.json")).unwrap()
}

fn measurement(m: &Model, ind: &str, p: i32) -> (String, Option<String>, Option<String>) {
    let i = m.indicators.iter().find(|i| i.id == ind).unwrap();
    let x = i
        .measurements
        .iter()
        .find(|x| x.period() == year(p))
        .unwrap();
    (
        x.value.to_string(),
        x.women().map(|d| d.to_string()),
        x.men().map(|d| d.to_string()),
    )
}

#[test]
fn apply_keep() {
    let mut m = model();
    let report = m.apply_kolada(&all_rows(), ConflictPolicy::Keep).unwrap();
    let ids = |v: &[styrkort::kolada::Change]| {
        v.iter()
            .map(|c| format!("{}@{}/{}", c.indicator, c.org, c.period))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&report.added),
        ["behorighet@utbn/2024", "behorighet-skola-a@skola-a/2024"]
    );
    assert_eq!(ids(&report.kept), ["behorighet@utbn/2023"]);
    assert_eq!(ids(&report.unchanged), ["nmi@kf/2024"], "58.0 equals 58");
    assert!(report.replaced.is_empty() && report.missing.is_empty());
    let unmatched: Vec<String> = report
        .unmatched
        .iter()
        .map(|u| format!("{}/{}/{}", u.kpi, u.place, u.period))
        .collect();
    assert_eq!(
        unmatched,
        [
            "U00408/municipality 0115/2024",
            "N15428/municipality 0115/2024",
            "N15428/municipality 0115/2023"
        ]
    );
    let kept = &report.kept[0];
    assert_eq!(kept.old.unwrap().value, d("72.0"));
    assert_eq!(kept.new.unwrap().value, d("72.5"));
    assert_eq!(kept.new.unwrap().women, Some(d("75.0")));
    assert_eq!(kept.place, Place::Municipality("0114".into()));
    // The kept measurement is untouched, the added ones are there.
    assert_eq!(
        measurement(&m, "behorighet", 2023),
        ("72.0".into(), None, None)
    );
    assert_eq!(
        measurement(&m, "behorighet", 2024),
        ("74.1".into(), Some("78.3".into()), Some("70.2".into()))
    );
    assert_eq!(
        measurement(&m, "behorighet-skola-a", 2024),
        ("75.3".into(), Some("81.0".into()), Some("69.5".into()))
    );
    assert_eq!(measurement(&m, "nmi", 2024), ("58.0".into(), None, None));
    assert!(report.modified());
    // Added measurements carry no org: they belong to the owner.
    let added = m.indicators[0].measurements.last().unwrap();
    assert_eq!(added.org(), None);
    // The model is still valid and evaluates with the Kolada values.
    assert!(m.validate().iter().all(|d| !d.is_error()));
    // Applying again changes nothing.
    let again = m.apply_kolada(&all_rows(), ConflictPolicy::Keep).unwrap();
    assert!(again.added.is_empty() && !again.modified());
    assert_eq!(again.unchanged.len(), 3);
    assert_eq!(again.kept.len(), 1);
}

#[test]
fn apply_replace() {
    let mut m = model();
    let report = m
        .apply_kolada(&all_rows(), ConflictPolicy::Replace)
        .unwrap();
    assert_eq!(report.policy, ConflictPolicy::Replace);
    assert_eq!(report.added.len(), 2);
    assert_eq!(report.replaced.len(), 1);
    assert!(report.kept.is_empty());
    let r = &report.replaced[0];
    assert_eq!(r.indicator.as_str(), "behorighet");
    assert_eq!(r.old.unwrap().value, d("72.0"));
    assert_eq!(
        measurement(&m, "behorighet", 2023),
        ("72.5".into(), Some("75.0".into()), Some("70.1".into()))
    );
    // Exactly one 2023 measurement: replaced in place, not appended.
    let b = &m.indicators[0];
    assert_eq!(
        b.measurements
            .iter()
            .filter(|x| x.period() == year(2023))
            .count(),
        1
    );
    // The report as JSON: decimals normalised strings, places tagged.
    let json = report.to_json();
    assert!(json.contains(r#""policy": "replace""#), "{json}");
    assert!(json.contains(r#""municipality": "0114""#), "{json}");
    assert!(json.contains(r#""ou": "V15E011400101""#), "{json}");
    assert!(
        json.contains(r#""value": "72""#),
        "old 72.0 written normalised: {json}"
    );
}

#[test]
fn apply_error_names_indicator_org_period_and_changes_nothing() {
    let mut m = model();
    let before = m.clone();
    let e = m
        .apply_kolada(&all_rows(), ConflictPolicy::Error)
        .unwrap_err();
    match &e {
        Error::Conflict {
            indicator,
            org,
            period,
            message,
        } => {
            assert_eq!(
                (indicator.as_str(), org.as_str(), period.as_str()),
                ("behorighet", "utbn", "2023")
            );
            assert!(
                message.contains("72") && message.contains("72.5"),
                "{message}"
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(e.code(), "conflict");
    let text = e.to_string();
    assert!(
        text.contains("behorighet") && text.contains("utbn") && text.contains("2023"),
        "{text}"
    );
    assert_eq!(m, before, "atomic: nothing applied");
    // Without the conflicting row the same policy succeeds.
    let rows: Vec<KoladaRow> = all_rows()
        .into_iter()
        .filter(|r| r.period != year(2023))
        .collect();
    let report = m.apply_kolada(&rows, ConflictPolicy::Error).unwrap();
    assert_eq!(report.added.len(), 2);
    assert_eq!(ConflictPolicy::default(), ConflictPolicy::Error);
}

#[test]
fn apply_missing_total_writes_nothing_and_gender_change_is_a_conflict() {
    let mut m = model();
    let rows = parse_data(
        r#"{"values": [
          {"kpi": "U00408", "municipality": "0114", "period": 2025,
           "values": [{"gender": "T", "value": null, "status": "Saknas"}, {"gender": "K", "value": 61}]},
          {"kpi": "U00408", "municipality": "0114", "period": 2024,
           "values": [{"gender": "T", "value": 58}, {"gender": "K", "value": 61}]}]}"#,
    )
    .unwrap()
    .rows;
    let report = m.apply_kolada(&rows, ConflictPolicy::Keep).unwrap();
    assert_eq!(report.missing.len(), 1);
    assert_eq!(report.missing[0].period, year(2025));
    assert_eq!(report.missing[0].new, None);
    assert_eq!(report.missing[0].old, None);
    // Same total, but Kolada now has a value for women: that differs.
    assert_eq!(report.kept.len(), 1);
    assert!(!report.modified());
    let nmi = m.indicators.iter().find(|i| i.id == "nmi").unwrap();
    assert_eq!(nmi.measurements.len(), 1);
}

#[test]
fn apply_rows_see_earlier_rows() {
    // Two rows for the same KPI, place and year: the first adds, the
    // second conflicts with what the first wrote.
    let mut m = model();
    let rows = parse_data(
        r#"{"values": [
          {"kpi": "N15428", "municipality": "0114", "period": 2025, "values": [{"gender": "T", "value": 1}]},
          {"kpi": "N15428", "municipality": "0114", "period": 2025, "values": [{"gender": "T", "value": 2}]}]}"#,
    )
    .unwrap()
    .rows;
    let report = m.apply_kolada(&rows, ConflictPolicy::Replace).unwrap();
    assert_eq!((report.added.len(), report.replaced.len()), (1, 1));
    assert_eq!(measurement(&m, "behorighet", 2025).0, "2");
    let mut m2 = model();
    let e = m2.apply_kolada(&rows, ConflictPolicy::Error).unwrap_err();
    assert_eq!(e.code(), "conflict");
    assert_eq!(m2, model());
}

#[test]
fn apply_json_entry_point() {
    let mut m = model();
    let report = m
        .apply_kolada_json(&fixture("ou_data.json"), ConflictPolicy::Error)
        .unwrap();
    assert_eq!(report.added.len(), 1);
    let e = m
        .apply_kolada_json(&fixture("malformed_row.json"), ConflictPolicy::Keep)
        .unwrap_err();
    assert_eq!(json_path(&e), "values[1].values[0].value");
    assert_eq!("keep".parse::<ConflictPolicy>(), Ok(ConflictPolicy::Keep));
    assert!("overwrite".parse::<ConflictPolicy>().is_err());
}

// --------------------------------------------------- metadata to indicators

#[test]
fn indicators_from_metadata() {
    let kpis = parse_kpis(&fixture("kpi_metadata.json")).unwrap().kpis;
    let ind = indicator_from_kpi(
        &kpis[0],
        OrgId::from("utbn"),
        Place::Municipality("0114".into()),
    );
    assert_eq!(ind.id.as_str(), "N15428");
    assert_eq!(ind.name, kpis[0].title);
    assert_eq!(ind.unit.as_deref(), Some("%"));
    assert_eq!(ind.direction, Direction::HigherIsBetter);
    assert_eq!(ind.owner.as_str(), "utbn");
    assert!(ind
        .description
        .as_deref()
        .unwrap()
        .starts_with("Antal elever"));
    let src = ind.source.as_ref().unwrap().kolada.as_ref().unwrap();
    assert_eq!(
        (
            src.kpi.as_str(),
            src.municipality.as_deref(),
            src.ou.as_deref()
        ),
        ("N15428", Some("0114"), None)
    );
    let units: Vec<Option<String>> = kpis
        .iter()
        .map(|k| indicator_from_kpi(k, OrgId::from("kf"), Place::Ou("V1".into())).unit)
        .collect();
    assert_eq!(
        units,
        [
            Some("%".into()),
            Some("index".into()),
            Some("kr/inv".into()),
            Some("antal".into())
        ]
    );
    let ou = indicator_from_kpi(&kpis[3], OrgId::from("kf"), Place::Ou("V1".into()));
    assert_eq!(ou.description, None);
    let src = ou.source.unwrap().kolada.unwrap();
    assert_eq!((src.municipality, src.ou.as_deref()), (None, Some("V1")));

    // A notebook can start a model from KPI ids: the indicators round-trip
    // through the model format, and the data applies to them.
    let mut m = Model::from_json(
        r#"{"format": "styrkort/1", "organisation": [{"id": "kf", "name": "KF", "kind": "council"}]}"#,
    )
    .unwrap();
    for k in &kpis {
        m.indicators.push(indicator_from_kpi(
            k,
            OrgId::from("kf"),
            Place::Municipality("0114".into()),
        ));
    }
    let m = Model::from_json(&m.to_json()).unwrap();
    let mut m2 = m.clone();
    let report = m2.apply_kolada(&all_rows(), ConflictPolicy::Error).unwrap();
    assert_eq!(report.added.len(), 3, "N15428 2024 and 2023, U00408 2024");
}

#[test]
fn unit_heuristic() {
    let cases = [
        ("Andel elever, %", Some("%")),
        ("Elever som är behöriga, andel (%)", Some("%")),
        ("Invånare 65+, andel", Some("%")),
        ("Andel elever 80 %", Some("%")),
        ("Kostnad äldreomsorg, kronor", Some("kr")),
        ("Kostnad, kr", Some("kr")),
        ("Nettokostnad, kr/inv", Some("kr/inv")),
        ("Kostnad, tkr", Some("tkr")),
        ("Kostnad, kr per elev", Some("kr per elev")),
        ("Invånare totalt, antal", Some("antal")),
        ("Sjukfrånvaro, dagar", Some("dagar")),
        ("NMI - Helhet, index", Some("index")),
        ("Nöjd Kund Index", Some("index")),
        ("Kvalitetsaspekter i hemtjänsten", None),
        ("Väntetid, median", None),
    ];
    for (title, unit) in cases {
        assert_eq!(unit_from_title(title).as_deref(), unit, "{title}");
    }
}

// --------------------------------------------------------- comparison group

fn group(pairs: &[(&str, &str)]) -> Vec<(String, Decimal)> {
    pairs
        .iter()
        .map(|(m, v)| ((*m).to_string(), d(v)))
        .collect()
}

#[test]
fn compare_odd_group() {
    // 10, 20, 30, 40, 50 (given unsorted): n − 1 = 4, so every quartile is
    // a data point: Q1 = x1 = 20, median = x2 = 30, Q3 = x3 = 40.
    let g = group(&[
        ("c", "30"),
        ("a", "10"),
        ("e", "50"),
        ("b", "20"),
        ("d", "40"),
    ]);
    let hi = Direction::HigherIsBetter;
    let c = compare(&g, "c", hi).unwrap();
    assert_eq!((c.rank, c.group_size), (3, 5));
    assert_eq!(
        (c.lower_quartile, c.median, c.upper_quartile),
        (d("20"), d("30"), d("40"))
    );
    assert_eq!((c.best, c.worst), (d("50"), d("10")));
    assert!(!c.best_quartile && !c.worst_quartile);
    let e = compare(&g, "e", hi).unwrap();
    assert_eq!(e.rank, 1);
    assert!(e.best_quartile && !e.worst_quartile);
    let dd = compare(&g, "d", hi).unwrap();
    assert!(dd.best_quartile, "40 ≥ Q3 = 40 (inclusive)");
    let b = compare(&g, "b", hi).unwrap();
    assert_eq!(b.rank, 4);
    assert!(b.worst_quartile, "20 ≤ Q1 = 20 (inclusive)");
    let a = compare(&g, "a", hi).unwrap();
    assert_eq!(a.rank, 5);
    assert!(a.worst_quartile);
    // Lower is better: the same quartiles, mirrored rank and flags.
    let lo = Direction::LowerIsBetter;
    let a = compare(&g, "a", lo).unwrap();
    assert_eq!(a.rank, 1);
    assert!(a.best_quartile && !a.worst_quartile);
    assert_eq!((a.best, a.worst), (d("10"), d("50")));
    let e = compare(&g, "e", lo).unwrap();
    assert_eq!(e.rank, 5);
    assert!(e.worst_quartile);
    assert_eq!(compare(&g, "x", hi), None);
    assert_eq!(compare(&[], "x", hi), None);
}

#[test]
fn compare_even_group_interpolates() {
    // Sorted 65.2, 70.5, 74.1, 80.0; n − 1 = 3.
    // Q1: h = 0.75 → 65.2 + 0.75·(70.5 − 65.2) = 65.2 + 3.975 = 69.175
    // median: h = 1.5 → 70.5 + 0.5·(74.1 − 70.5) = 72.3
    // Q3: h = 2.25 → 74.1 + 0.25·(80.0 − 74.1) = 74.1 + 1.475 = 75.575
    let g = group(&[
        ("0114", "74.1"),
        ("0120", "65.2"),
        ("0123", "70.5"),
        ("0117", "80.0"),
    ]);
    let c = compare(&g, "0114", Direction::HigherIsBetter).unwrap();
    assert_eq!(c.lower_quartile, d("69.175"));
    assert_eq!(c.median, d("72.3"));
    assert_eq!(c.upper_quartile, d("75.575"));
    assert_eq!((c.rank, c.group_size), (2, 4));
    assert!(!c.best_quartile && !c.worst_quartile);
    let c = compare(&g, "0114", Direction::LowerIsBetter).unwrap();
    assert_eq!(c.rank, 3);
    assert!(!c.best_quartile && !c.worst_quartile);
    let top = compare(&g, "0117", Direction::HigherIsBetter).unwrap();
    assert!(top.best_quartile && top.rank == 1);
    let worst_lo = compare(&g, "0117", Direction::LowerIsBetter).unwrap();
    assert!(worst_lo.worst_quartile && worst_lo.rank == 4);
    let best_lo = compare(&g, "0120", Direction::LowerIsBetter).unwrap();
    assert!(best_lo.best_quartile && best_lo.rank == 1);
    // Serialised: normalised decimal strings.
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains(r#""lower_quartile":"69.175""#), "{json}");
    assert!(json.contains(r#""direction":"lower_is_better""#), "{json}");
    assert!(
        json.contains(r#""best":"65.2""#) && json.contains(r#""worst":"80""#),
        "{json}"
    );
}

#[test]
fn compare_ties_share_the_best_rank() {
    // 5, 7, 7, 9: Q1 = 5 + 0.75·2 = 6.5, median = 7, Q3 = 7 + 0.25·2 = 7.5.
    let g = group(&[("a", "5"), ("b", "7"), ("c", "7"), ("d", "9")]);
    let hi = Direction::HigherIsBetter;
    let ranks: Vec<usize> = ["a", "b", "c", "d"]
        .iter()
        .map(|m| compare(&g, m, hi).unwrap().rank)
        .collect();
    assert_eq!(ranks, [4, 2, 2, 1]);
    let lo = Direction::LowerIsBetter;
    let ranks: Vec<usize> = ["a", "b", "c", "d"]
        .iter()
        .map(|m| compare(&g, m, lo).unwrap().rank)
        .collect();
    assert_eq!(ranks, [1, 2, 2, 4]);
    let b = compare(&g, "b", hi).unwrap();
    assert_eq!(
        (b.lower_quartile, b.median, b.upper_quartile),
        (d("6.5"), d("7"), d("7.5"))
    );
    assert!(!b.best_quartile && !b.worst_quartile);
}

#[test]
fn compare_degenerate_groups() {
    // A group of one: rank 1, every quartile the value, in neither quartile.
    let c = compare(&group(&[("0114", "3")]), "0114", Direction::HigherIsBetter).unwrap();
    assert_eq!((c.rank, c.group_size, c.median), (1, 1, d("3")));
    assert!(!c.best_quartile && !c.worst_quartile);
    // No spread in the middle: Q1 = Q3 = 5; 9 is best, the 5s are neither.
    let g = group(&[("a", "5"), ("b", "5"), ("c", "5"), ("d", "5"), ("e", "9")]);
    let e = compare(&g, "e", Direction::HigherIsBetter).unwrap();
    assert!(e.best_quartile);
    let a = compare(&g, "a", Direction::HigherIsBetter).unwrap();
    assert_eq!(a.rank, 2);
    assert!(!a.best_quartile && !a.worst_quartile);
    let e = compare(&g, "e", Direction::LowerIsBetter).unwrap();
    assert!(e.worst_quartile && e.rank == 5);
}

#[test]
fn compare_rounds_half_even_to_twelve_places() {
    // Two values: median = (x0 + x1)/2 exactly, then 12 places half-to-even.
    // 0 and 1e-12: median 5e-13 → 0 (tie, to even 0); Q1 = 2.5e-13 → 0;
    // Q3 = 7.5e-13 → 1e-12.
    let g = group(&[("a", "0"), ("b", "0.000000000001")]);
    let c = compare(&g, "a", Direction::HigherIsBetter).unwrap();
    assert_eq!(c.median, d("0"));
    assert_eq!(c.lower_quartile, d("0"));
    assert_eq!(c.upper_quartile, d("0.000000000001"));
    // 0 and 3e-12: median 1.5e-12 → 2e-12 (tie, to even 2).
    let g = group(&[("a", "0"), ("b", "0.000000000003")]);
    let c = compare(&g, "a", Direction::HigherIsBetter).unwrap();
    assert_eq!(c.median, d("0.000000000002"));
}

#[test]
fn comparison_data_from_fixture() {
    let rows = parse_data(&fixture("comparison_group.json")).unwrap().rows;
    let data = ComparisonData::from_rows(&rows);
    // 0125 has no value; 0000 (the nation) is not a member.
    let members: Vec<String> = data
        .values("N15428", 2024)
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    assert_eq!(members, ["0114", "0115", "0117", "0120", "0123"]);
    let m = model();
    let ind = m.indicators.iter().find(|i| i.id == "behorighet").unwrap();
    // Sorted 65.2, 70.5, 74.1, 78.25, 80.0: Q1 70.5, median 74.1, Q3 78.25.
    let c = data.compare_indicator(ind, year(2024)).unwrap();
    assert_eq!((c.rank, c.group_size), (3, 5));
    assert_eq!(
        (c.lower_quartile, c.median, c.upper_quartile),
        (d("70.5"), d("74.1"), d("78.25"))
    );
    assert!(!c.best_quartile && !c.worst_quartile);
    assert_eq!(c.municipality, "0114");
    // Only for year periods, only municipality sources, only with data.
    assert_eq!(data.compare_indicator(ind, "2024T2".parse().unwrap()), None);
    assert_eq!(data.compare_indicator(ind, year(2023)), None);
    let ou = m
        .indicators
        .iter()
        .find(|i| i.id == "behorighet-skola-a")
        .unwrap();
    assert_eq!(data.compare_indicator(ou, year(2024)), None);
    // Narrowed to three jämförelsekommuner: 65.2, 74.1, 80.0;
    // Q1 = 65.2 + 0.5·8.9 = 69.65, median 74.1, Q3 = 74.1 + 0.5·5.9 = 77.05.
    let small = data.clone().with_group(&["0114", "0117", "0120"]);
    let c = small.compare_indicator(ind, year(2024)).unwrap();
    assert_eq!((c.rank, c.group_size), (2, 3));
    assert_eq!(
        (c.lower_quartile, c.median, c.upper_quartile),
        (d("69.65"), d("74.1"), d("77.05"))
    );
    // The indicator's direction is used.
    let mut lower = ind.clone();
    lower.direction = Direction::LowerIsBetter;
    assert_eq!(data.compare_indicator(&lower, year(2024)).unwrap().rank, 3);
    let mut worst = data.clone();
    worst.insert("N15428", 2024, "0114", d("60"));
    let c = worst.compare_indicator(ind, year(2024)).unwrap();
    assert!(c.worst_quartile && c.rank == 5);
    assert!(ComparisonData::new().is_empty());
}

/// Comparison data reaches the evaluation (at the indicator's owner, in a
/// year period) and the dialogue brief; worked by hand: the group
/// 0114 = 74.1, 0120 = 65.2, 0123 = 70.5, 0117 = 80.0 (higher is better)
/// ranks 0114 second of four; sorted 65.2, 70.5, 74.1, 80.0 give the median
/// (70.5 + 74.1) / 2 = 72.3, the lower quartile at h = 0.75:
/// 65.2 + 0.75 · 5.3 = 69.175 and the upper at h = 2.25:
/// 74.1 + 0.25 · 5.9 = 75.575.
#[test]
fn comparison_in_evaluation_and_dialogue() {
    let m = Model::from_json(
        r#"{"format": "styrkort/1",
        "organisation": [
          {"id": "kf", "name": "KF", "kind": "council"},
          {"id": "utbn", "name": "UN", "kind": "board", "parent": "kf"}],
        "indicators": [{"id": "beh", "name": "Behöriga", "owner": "kf",
          "source": {"kolada": {"kpi": "N15419", "municipality": "0114"}},
          "targets": [{"period": "2025", "value": "75"}],
          "measurements": [{"period": "2025", "value": "74.1"},
                           {"period": "2025", "org": "utbn", "value": "74.1"}]}],
        "goals": [{"id": "kf-1", "title": "Alla lyckas", "level": "council",
          "perspective": "citizen", "owner": "kf", "indicators": [{"indicator": "beh"}]}]}"#,
    )
    .unwrap();
    let mut data = styrkort::kolada::ComparisonData::new();
    for (muni, v) in [
        ("0114", "74.1"),
        ("0120", "65.2"),
        ("0123", "70.5"),
        ("0117", "80.0"),
    ] {
        data.insert("N15419", 2025, muni, d(v));
    }
    let options = styrkort::EvalOptions::default().with_comparison(data);
    let e = m.evaluate_with(&year(2025), &options).unwrap();
    let c = e
        .indicator("beh", "kf")
        .unwrap()
        .comparison
        .clone()
        .unwrap();
    assert_eq!((c.rank, c.group_size), (2, 4));
    assert_eq!(c.median, d("72.3"));
    assert_eq!(c.lower_quartile, d("69.175"));
    assert_eq!(c.upper_quartile, d("75.575"));
    assert!(!c.best_quartile && !c.worst_quartile);
    // Only at the owner, whose figures the source names.
    assert!(e.indicator("beh", "utbn").unwrap().comparison.is_none());
    assert!(e.to_json().contains("\"comparison\": {"));
    let brief = e.dialogue("kf", "kf").unwrap();
    assert_eq!(brief.comparisons.len(), 1);
    assert_eq!(brief.comparisons[0].indicator.as_str(), "beh");
    // A tertial has no yearly comparison; without data nothing is written.
    let t = m
        .evaluate_with(&"2025T2".parse().unwrap(), &options)
        .unwrap();
    assert!(t.indicators.iter().all(|r| r.comparison.is_none()));
    let plain = m.evaluate(&year(2025)).unwrap();
    assert!(!plain.to_json().contains("comparison"));
}

#[test]
fn page_errors_name_the_page_not_a_model() {
    let e = parse_data(r#"{"values": 5}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid Kolada data page JSON at values (line 1, column 12): invalid type: integer `5`, expected a sequence"
    );
    let e = parse_data(r#"{"values": [{"kpi": "N1", "period": 2024, "values": []}]}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid Kolada data page JSON at values[0]: a data row needs a `municipality` or an `ou`"
    );
    let e = parse_data_pages([r#"{"values": []}"#, r#"{"values": ["#]).unwrap_err();
    assert!(
        e.to_string().starts_with(
            "invalid Kolada data page JSON at pages[1].values (line 1, column 12): the JSON text ends early"
        ),
        "{e}"
    );
    let e = parse_kpis(r#"[{"id": "N1"}]"#).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("invalid Kolada KPI page JSON at [0]"),
        "{e}"
    );
    // A byte-order mark is skipped, also before a bare array.
    assert!(parse_data("\u{feff}[]").unwrap().rows.is_empty());
    assert!(parse_kpis("\u{feff}{\"values\": []}")
        .unwrap()
        .kpis
        .is_empty());
}
