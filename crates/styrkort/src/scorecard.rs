//! Which goals sit in which org's scorecard (*styrkort*).
//!
//! The scorecard of org O holds: the goals owned by O; for an office
//! (*kontor*), also the board-level goals of its responsible board, because
//! board goals are shared by the board and the office that executes for it;
//! and the goals that name O in `applies_to` (how a board sets goals on the
//! private and independent providers in its area).
//!
//! The functions here tolerate unknown references and cycles, so that
//! validation can use them on a model that is not yet valid.

use std::collections::HashMap;

use crate::ids::IdIndex;
use crate::model::{Level, Model, OrgKind};

/// The parent index of each org; `None` for a root or an unknown parent.
pub(crate) fn parents(model: &Model, index: &IdIndex<'_>) -> Vec<Option<usize>> {
    model
        .organisation
        .iter()
        .map(|o| o.parent.as_ref().and_then(|p| index.get(p.as_str())))
        .collect()
}

/// The responsible board of each org: the nearest ancestor-or-self of kind
/// board, executive board or company.
///
/// Cost: O(n) for n orgs. Each org is walked over once: a walk up from an
/// unresolved org stops at a board-like org, a root, an org resolved by an
/// earlier walk, or an org already on this walk (a cycle), and then every
/// org on the walk gets the walk's answer. (Walking up from every org anew
/// would cost O(n · depth): 67 s on a chain 100,000 deep.) A cycle that
/// holds no board-like org gives `None` to its orgs and to those below it;
/// one that holds one stops the walk there, as a parent chain would.
pub(crate) fn responsible_boards(model: &Model, parents: &[Option<usize>]) -> Vec<Option<usize>> {
    const UNSEEN: u8 = 0;
    const ON_WALK: u8 = 1;
    const DONE: u8 = 2;
    let n = model.organisation.len();
    let mut state = vec![UNSEEN; n];
    let mut board: Vec<Option<usize>> = vec![None; n];
    let mut walk: Vec<usize> = Vec::new();
    for start in 0..n {
        if state[start] == DONE {
            continue;
        }
        walk.clear();
        let mut at = Some(start);
        let found = loop {
            let Some(i) = at else { break None };
            match state[i] {
                DONE => break board[i],
                ON_WALK => break None,
                _ => {}
            }
            if model.organisation[i].kind.is_board_like() {
                state[i] = DONE;
                board[i] = Some(i);
                break Some(i);
            }
            state[i] = ON_WALK;
            walk.push(i);
            at = parents[i];
        };
        for &i in &walk {
            state[i] = DONE;
            board[i] = found;
        }
    }
    board
}

/// For each org (by its index in `model.organisation`), the indices into
/// `model.goals` of the goals in its scorecard, in index order, without
/// duplicates; `index` is the org index (first occurrence of each id),
/// `owners` each goal's owner in it and `boards` the responsible boards
/// ([`responsible_boards`]). Compiling
/// puts each in id order.
///
/// Cost: O(n + g + a + s log s) for n orgs, g goals, a `applies_to`
/// entries and s scorecard entries in all (s is the output: g + a plus,
/// for every board goal, one entry per office of its board), the log from
/// sorting each scorecard. No walk depends on the depth of the tree
/// ([`responsible_boards`] is linear).
pub(crate) fn scorecard_goals(
    model: &Model,
    index: &IdIndex<'_>,
    owners: &[Option<u32>],
    boards: &[Option<usize>],
) -> Vec<Vec<usize>> {
    let n = model.organisation.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    // Offices listed by their responsible board, to share its board goals.
    let mut offices_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, o) in model.organisation.iter().enumerate() {
        if o.kind == OrgKind::Office {
            if let Some(b) = boards[i] {
                offices_of.entry(b).or_default().push(i);
            }
        }
    }
    for (g, goal) in model.goals.iter().enumerate() {
        if let Some(owner) = owners[g].map(|o| o as usize) {
            out[owner].push(g);
            if goal.level == Level::Board {
                for &office in offices_of.get(&owner).map_or(&[][..], Vec::as_slice) {
                    out[office].push(g);
                }
            }
        }
        for org in &goal.applies_to {
            if let Some(o) = index.get(org.as_str()) {
                out[o].push(g);
            }
        }
    }
    for list in &mut out {
        list.sort_unstable();
        list.dedup();
    }
    out
}
