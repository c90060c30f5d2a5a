//! The report's tests: escaping, the DOM marks of `REPORT-DOM`, determinism
//! and the golden files.
//!
//! Golden files (`tests/golden/`) hold the exact bytes of pages of the
//! example municipality and of a few conformance vectors. Regenerate them
//! after a deliberate change with `STYRKORT_BLESS=1 cargo test -p
//! styrkort-report` and review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use styrkort::{Evaluation, Model, Period, Status};
use styrkort_report::{Language, Options, Report, ReportError, Root};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(path: &Path, period: &str) -> (Model, Evaluation) {
    let text = fs::read_to_string(path).expect("model file");
    let model = Model::from_json(&text).expect("model");
    let eval = model
        .evaluate(&period.parse::<Period>().expect("period"))
        .expect("evaluation");
    (model, eval)
}

fn example() -> (Model, Evaluation) {
    load(&root().join("examples/exempelkommun.json"), "2025T2")
}

fn vector(name: &str) -> (Model, Evaluation) {
    let dir = root().join("tests/vectors").join(name);
    let period = fs::read_to_string(dir.join("period.txt")).expect("period.txt");
    load(&dir.join("model.json"), period.trim())
}

/// Compares `got` with the golden file `name`, or writes it when
/// `STYRKORT_BLESS` is set.
fn golden(name: &str, got: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("STYRKORT_BLESS").is_some() {
        fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
        fs::write(&path, got).expect("write golden");
        return;
    }
    let want = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e} (run with STYRKORT_BLESS=1 to create it)",
            path.display()
        )
    });
    if want != got {
        let line = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| want.lines().count().min(got.lines().count()));
        panic!(
            "{name} differs from the golden file at line {}:\n  want: {}\n  got:  {}\n\
             (review and run with STYRKORT_BLESS=1 if the change is meant)",
            line + 1,
            want.lines().nth(line).unwrap_or("<end>"),
            got.lines().nth(line).unwrap_or("<end>")
        );
    }
}

/// Checks the rules every page must keep: self-contained, no script,
/// every SVG with role and title, one h1.
fn check_page(html: &str, lang: &str) {
    assert!(html.starts_with("<!DOCTYPE html><html lang=\""));
    assert!(html.contains(&format!("<html lang=\"{lang}\">")));
    assert!(!html.to_lowercase().contains("<script"), "a script tag");
    for bad in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
        "<link",
        "<img",
    ] {
        assert!(!html.contains(bad), "an external resource: {bad}");
    }
    let svgs = html.matches("<svg").count();
    assert_eq!(
        svgs,
        html.matches("role=\"img\"><title>").count(),
        "every svg has role and title first"
    );
    assert_eq!(html.matches("<h1").count(), 1, "one h1");
    // Headings never skip a level going down.
    let mut last = 0u8;
    for (k, _) in html.match_indices("<h") {
        let Some(d) = html.as_bytes().get(k + 2).copied() else {
            continue;
        };
        if !(b'1'..=b'6').contains(&d) {
            continue;
        }
        let level = d - b'0';
        assert!(level <= last + 1, "heading h{level} after h{last}");
        last = level;
    }
}

#[test]
fn model_text_is_escaped_everywhere() {
    let text = r#"{"format": "styrkort/1",
      "organisation": [
        {"id": "kf", "name": "KF \"<b>bold</b>\" & co", "kind": "council"},
        {"id": "bn", "name": "<img src=x onerror=alert(2)>", "kind": "board", "parent": "kf"}],
      "indicators": [{"id": "nmi", "name": "<script>alert(3)</script>", "owner": "bn", "unit": "<u>%</u>",
        "targets": [{"period": "2025", "value": 60}],
        "measurements": [{"period": "2025T2", "value": 61}]}],
      "goals": [
        {"id": "kf-1", "title": "<script>alert(1)</script>", "level": "council",
         "perspective": "medborgare", "owner": "kf"},
        {"id": "bn-1", "title": "Nämndens </details> mål", "level": "board", "perspective": "medborgare",
         "owner": "bn", "contributes_to": [{"goal": "kf-1"}], "indicators": [{"indicator": "nmi"}],
         "assessments": [{"period": "2025T2", "status": "partly_fulfilled", "comment": "<a href=\"http://evil\">x</a>"}]}]}"#;
    let model = Model::from_json(text).expect("model");
    let eval = model.evaluate(&"2025T2".parse().expect("p")).expect("eval");
    let r = Report::new(&model, &eval, Options::default()).expect("report");
    let pages = [
        r.document(),
        r.scorecard_page("bn").expect("page"),
        r.red_thread_page(),
        r.follow_up_page(),
        r.dialogue_page("kf", "bn").expect("page"),
    ];
    for page in &pages {
        check_page(page, "sv");
        assert!(!page.contains("<b>bold"));
        assert!(!page.contains("</details> mål"));
        assert!(!page.contains("<u>%"));
    }
    let doc = &pages[0];
    assert!(doc.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(doc.contains("&lt;script&gt;alert(3)&lt;/script&gt;"));
    assert!(doc.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(doc.contains("KF &quot;&lt;b&gt;bold&lt;/b&gt;&quot; &amp; co"));
    assert!(doc.contains("&lt;a href=&quot;http://evil&quot;&gt;x&lt;/a&gt;"));
    let dot = r.red_thread_dot();
    assert!(
        dot.contains(r#"KF \"<b>bold</b>\" & co"#),
        "DOT escapes quotes: {dot}"
    );
}

#[test]
fn scorecards_carry_the_dom_marks() {
    let (model, eval) = example();
    for lang in [Language::Sv, Language::En] {
        let r = Report::new(
            &model,
            &eval,
            Options {
                language: lang,
                ..Options::default()
            },
        )
        .expect("report");
        let doc = r.document();
        check_page(&doc, lang.code());
        for sc in &eval.scorecards {
            let html = r.scorecard_html(sc.org.as_str()).expect("scorecard");
            assert!(html.starts_with(&format!(
                "<section class=\"scorecard\" id=\"sc-{0}\" data-org=\"{0}\">",
                sc.org.as_str()
            )));
            for p in ["citizen", "society_environment", "employees", "economy"] {
                assert_eq!(
                    html.matches(&format!("data-perspective=\"{p}\"")).count(),
                    1,
                    "{} {p}",
                    sc.org.as_str()
                );
            }
            for g in &sc.goals {
                let res = eval.goal(g.as_str()).expect("goal");
                let mark = format!(
                    "<article class=\"goal\" data-goal=\"{}\" data-status=\"{}\">",
                    g.as_str(),
                    res.status.as_str()
                );
                let at = html.find(&mark).unwrap_or_else(|| panic!("{mark} missing"));
                let label = lang.labels().status(res.status);
                let end = html[at..].find("</article>").expect("closed") + at;
                assert!(
                    html[at..end].contains(label),
                    "{} shows {label}",
                    g.as_str()
                );
            }
            let start = html.split_once('>').expect("a tag").0;
            assert!(doc.contains(start), "the document holds every scorecard");
        }
    }
}

#[test]
fn status_labels_follow_the_contract() {
    let sv: Vec<&str> = Status::ALL
        .iter()
        .map(|s| Language::Sv.labels().status(*s))
        .collect();
    let en: Vec<&str> = Status::ALL
        .iter()
        .map(|s| Language::En.labels().status(*s))
        .collect();
    assert_eq!(
        sv,
        [
            "Uppfyllt",
            "Delvis uppfyllt",
            "Ej uppfyllt",
            "Data saknas",
            "Ej bedömt"
        ]
    );
    assert_eq!(
        en,
        [
            "Fulfilled",
            "Partly fulfilled",
            "Not fulfilled",
            "No data",
            "Not assessed"
        ]
    );
}

#[test]
fn sparklines_span_the_earlier_tertials() {
    let (model, eval) = example();
    let r = Report::new(&model, &eval, Options::default()).expect("report");
    // Sick leave at Kvarnskolan is measured every tertial 2023T1–2025T2.
    let svg = r.sparkline_svg("sjukfranvaro", "kvarnskolan").expect("svg");
    let h = eval
        .indicator_history("sjukfranvaro", "kvarnskolan", 8)
        .expect("history");
    let with_values = h.with_values().count();
    assert_eq!(with_values, 8);
    assert_eq!(svg.matches("<circle").count(), with_values);
    assert!(svg.contains("<title>Utveckling: "));
    assert!(svg.contains("2023T3"));
}

#[test]
fn the_red_thread_starts_where_asked() {
    let (model, eval) = example();
    let from_goal = Report::new(
        &model,
        &eval,
        Options {
            root: Root::Goal("kf-2".into()),
            ..Options::default()
        },
    )
    .expect("report")
    .red_thread_html();
    assert!(from_goal.contains("data-goal=\"kf-2\""));
    assert!(!from_goal.contains("data-goal=\"kf-1\""));
    let from_org = Report::new(
        &model,
        &eval,
        Options {
            root: Root::Org("utbn".into()),
            ..Options::default()
        },
    )
    .expect("report")
    .red_thread_dot();
    assert!(from_org.starts_with("digraph red_thread {"));
    assert!(!from_org.contains("\"kf-1\""));
    let bad = Report::new(
        &model,
        &eval,
        Options {
            root: Root::Org("nope".into()),
            ..Options::default()
        },
    );
    assert!(matches!(bad, Err(ReportError::UnknownOrg(ref o)) if o == "nope"));
    let bad = Report::new(
        &model,
        &eval,
        Options {
            orgs: Some(vec!["kf".into(), "x".into()]),
            ..Options::default()
        },
    );
    assert_eq!(
        bad.map(|_| ()).unwrap_err().to_string(),
        "unknown org id \"x\" in the report options"
    );
}

#[test]
fn same_input_same_bytes() {
    let (model, eval) = example();
    let a = styrkort_report::report_html(&model, &eval, Options::default()).expect("a");
    let (model2, eval2) = example();
    let b = styrkort_report::report_html(&model2, &eval2, Options::default()).expect("b");
    assert_eq!(a, b);
}

#[test]
fn golden_example() {
    let (model, eval) = example();
    let r = Report::new(&model, &eval, Options::default()).expect("report");
    golden("exempelkommun/report.html", &r.document());
    golden(
        "exempelkommun/scorecard-utbn.html",
        &r.scorecard_page("utbn").expect("page"),
    );
    golden("exempelkommun/red-thread.dot", &r.red_thread_dot());
    golden("exempelkommun/follow-up.html", &r.follow_up_page());
    golden(
        "exempelkommun/dialogue-kf-utbn.html",
        &r.dialogue_page("kf", "utbn").expect("page"),
    );
    let en = Report::new(&model, &eval, Options::english()).expect("report");
    golden(
        "exempelkommun/scorecard-utbn.en.html",
        &en.scorecard_page("utbn").expect("page"),
    );
}

#[test]
fn golden_vectors() {
    for name in [
        "01-fulfilled-single-perspective",
        "35-company-and-providers",
        "36-manual-rule-parents",
        "38-indicator-history",
    ] {
        let (model, eval) = vector(name);
        let r = Report::new(&model, &eval, Options::default()).expect("report");
        let doc = r.document();
        check_page(&doc, "sv");
        golden(&format!("{name}/report.html"), &doc);
        golden(&format!("{name}/red-thread.dot"), &r.red_thread_dot());
    }
}
