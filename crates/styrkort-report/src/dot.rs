//! The red thread as Graphviz DOT, for people who paste it into their own
//! documents (`dot -Tsvg`).

use std::collections::HashSet;
use std::fmt::Write as _;

use styrkort::GoalResult;

use crate::format::num;
use crate::labels::symbol;
use crate::svg::colour;
use crate::Report;

/// A DOT double-quoted string: backslashes and quotes escaped, line breaks
/// as `\n`.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Report<'_> {
    /// The red thread (from the root in the options) as a Graphviz `digraph`:
    /// one box per goal filled by status and labelled with symbol, status
    /// word, title and owner; an edge from each goal to the goals that
    /// contribute to it, labelled with the weight. Deterministic.
    pub fn red_thread_dot(&self) -> String {
        let l = self.options.language.labels();
        let lang = self.options.language;
        let (roots, unlinked) = self.thread_roots();
        let mut out = String::from(
            "digraph red_thread {\n  graph [rankdir=LR, fontname=\"Helvetica\"];\n  \
             node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontcolor=\"white\"];\n  \
             edge [fontname=\"Helvetica\", fontsize=10];\n",
        );
        let mut seen: HashSet<&str> = HashSet::new();
        let mut edges: HashSet<(&str, &str)> = HashSet::new();
        let mut stack: Vec<&GoalResult> =
            roots.iter().chain(unlinked.iter()).rev().copied().collect();
        while let Some(g) = stack.pop() {
            if !seen.insert(g.goal.as_str()) {
                continue;
            }
            let mut label = format!(
                "{} {} · {}\n{}\n{}",
                symbol(g.status),
                l.status(g.status),
                g.goal.as_str(),
                g.title,
                self.orgs
                    .get(g.owner.as_str())
                    .map_or(g.owner.as_str(), |o| o.name.as_str())
            );
            if let Some(p) = self
                .orgs
                .get(g.owner.as_str())
                .and_then(|o| o.provider)
                .and_then(|p| l.provider(p))
            {
                label.push_str(" (");
                label.push_str(p);
                label.push(')');
            }
            let _ = writeln!(
                out,
                "  {} [label={}, fillcolor=\"{}\"];",
                quoted(g.goal.as_str()),
                quoted(&label),
                colour(g.status)
            );
            let kids = self.children(g);
            for (c, w) in &kids {
                if edges.insert((g.goal.as_str(), c.goal.as_str())) {
                    let _ = writeln!(
                        out,
                        "  {} -> {} [label={}];",
                        quoted(g.goal.as_str()),
                        quoted(c.goal.as_str()),
                        quoted(&format!("{} {}", l.weight, num(*w, lang)))
                    );
                }
            }
            stack.extend(kids.iter().rev().map(|(c, _)| *c));
        }
        out.push_str("}\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn quoting_escapes_what_dot_reads() {
        assert_eq!(quoted(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quoted("x\ny"), r#""x\ny""#);
    }
}
