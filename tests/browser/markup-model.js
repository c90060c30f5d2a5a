#!/usr/bin/env node
// Copies a styrkort/1 model and gives a few goals (one per level) and one
// org titles that are markup, so the browser tests can see that the report
// shows them as text and never runs them:
//
//   node markup-model.js IN.json OUT.json
//
// The titles are replaced in the JSON text itself (the model's exact
// decimals are never parsed into floating point and written back), then the
// result is parsed again to prove the replacement took.
'use strict';

const fs = require('fs');

// If any of these were rendered as markup, a dialog would open (and fail
// the page), a request for "x" would fail, or the title would not show.
const GOAL_TITLES = {
  council: '"><svg onload=alert(3)>',
  board: '<script>alert(1)</script>',
  operational: '<img src=x onerror=alert(2)> & <b>fet</b>',
};
const ORG_NAME = '<script>alert(4)</script> Enhet "citat" & <i>kursiv</i>';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: markup-model.js IN.json OUT.json');
  process.exit(2);
}
let text = fs.readFileSync(input, 'utf8');
const model = JSON.parse(text);

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Replaces field `field` of the object whose "id" is `id`, when it follows the id. */
function replaceField(id, field, value) {
  const re = new RegExp(`("id"\\s*:\\s*${esc(JSON.stringify(id))}\\s*,\\s*"${field}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`);
  if (!re.test(text)) throw new Error(`${input}: no "${field}" right after "id": "${id}"`);
  text = text.replace(re, (_, head) => head + JSON.stringify(value));
}

const changed = {};
for (const [level, title] of Object.entries(GOAL_TITLES)) {
  const goal = model.goals.find((g) => g.level === level);
  if (!goal) throw new Error(`${input}: no ${level} goal`);
  replaceField(goal.id, 'title', title);
  changed[goal.id] = title;
}
const unit = model.organisation.find((o) => o.kind === 'unit');
if (!unit) throw new Error(`${input}: no unit`);
replaceField(unit.id, 'name', ORG_NAME);

const again = JSON.parse(text);
for (const [id, title] of Object.entries(changed)) {
  if (again.goals.find((g) => g.id === id).title !== title) throw new Error(`goal ${id} kept its title`);
}
fs.writeFileSync(output, text);
console.log(
  `markup-model: ${output}: ${Object.entries(changed)
    .map(([id, t]) => `${id} ${JSON.stringify(t)}`)
    .join(', ')}; org ${unit.id} ${JSON.stringify(ORG_NAME)}`,
);
