#!/usr/bin/env node
// The real-browser tests of the styrkort HTML report (issue 10, "Tested in
// a real browser"). One headless Chromium process, driven over the DevTools
// protocol by playwright-core (which never downloads a browser of its own:
// it drives Debian's /usr/bin/chromium), opens each page from file:// once
// and checks, against the evaluation JSON the core wrote for the same model
// and period (never against the report's own idea of it):
//
//   - no console error, no page error, no failed request, no request that
//     leaves file:// (every http(s) request is aborted before it is sent);
//   - no <script> element, and a goal titled `<script>…` is shown as text
//     and never runs (a dialog fails the page);
//   - the DOM contract (tests/browser/README.md): one <h1>, headings in order,
//     <html lang>, every inline <svg> with role="img" and a <title>, no
//     http(s) URL in src/href/url(); every scorecard of the evaluation as
//     section.scorecard[data-org] with all four perspectives and every goal
//     of that scorecard, with the evaluation's data-status and its visible
//     label; every data-goal anywhere (red thread, follow-up) with the
//     evaluation's status;
//   - a screenshot that is not blank (the PNG is decoded and its pixels
//     counted), a PDF print (A4, starts with %PDF);
//   - axe-core injected into the page: no serious or critical violation
//     (at 1280 px, and for "narrow" pages at 768 px too).
//
// Usage:
//   node check.js [--out DIR] [--docs DIR] PAGE...
//   node check.js --self-test [--out DIR]
// where PAGE is NAME=HTML_FILE,EVALUATION_JSON[,markup][,narrow]
// ("markup": the model has a goal whose title is markup, and the page must
// show it as text; "narrow": axe-core runs again at 768 px wide). --docs DIR writes the README screenshots (docs/report-*.png) of
// the first page.
// Exit code 0 when every page passes, 1 otherwise.
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { PNG } = require('pngjs');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// As root Chromium needs --no-sandbox; the rest keep it from reaching out
// (updates, sync, QUIC probes) and from needing a GPU.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORT = { width: 1280, height: 900 };
const NARROW = { width: 768, height: 900 };
const PERSPECTIVES = ['citizen', 'society_environment', 'employees', 'economy'];
const STATUSES = ['fulfilled', 'partly_fulfilled', 'not_fulfilled', 'no_data', 'not_assessed'];
// The one table of labels of the DOM contract, by <html lang>.
const LABELS = {
  sv: {
    fulfilled: 'Uppfyllt',
    partly_fulfilled: 'Delvis uppfyllt',
    not_fulfilled: 'Ej uppfyllt',
    no_data: 'Data saknas',
    not_assessed: 'Ej bedömt',
  },
  en: {
    fulfilled: 'Fulfilled',
    partly_fulfilled: 'Partly fulfilled',
    not_fulfilled: 'Not fulfilled',
    no_data: 'No data',
    not_assessed: 'Not assessed',
  },
};
// At most this many lines per kind of failure are printed (a wrong status
// on 800 goals is one finding, not 800 lines).
const MAX_LINES = 8;

// ------------------------------------------------------------------ pixels

/** Whether a PNG screenshot shows something: decoded and its pixels counted. */
function pngStats(buffer) {
  const png = PNG.sync.read(buffer);
  const { width, height, data } = png;
  const counts = new Map();
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < data.length; i += 4) {
    const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
    const y = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
    sum += y;
    sumSq += y * y;
  }
  const n = width * height;
  let dominant = 0;
  for (const c of counts.values()) dominant = Math.max(dominant, c);
  const mean = sum / n;
  return {
    width,
    height,
    colours: counts.size,
    // Share of pixels not of the most common colour (the background).
    inked: 1 - dominant / n,
    stddev: Math.sqrt(Math.max(0, sumSq / n - mean * mean)),
  };
}

/** A blank or near-blank picture: one colour, or almost nothing drawn. */
function isBlank(s) {
  return s.colours < 16 || s.inked < 0.005 || s.stddev < 2;
}

// ------------------------------------------------------------- the checks

/** Runs in the page: everything the DOM contract says, as plain data. */
function readDom() {
  const out = {};
  const text = (el) => (el.innerText || '').replace(/\s+/g, ' ').trim();
  const raw = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim();
  out.lang = document.documentElement.getAttribute('lang');
  out.scripts = document.querySelectorAll('script').length;
  // Script by other doors: event-handler attributes and javascript: URLs.
  out.handlers = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)) {
        out.handlers.push(`<${el.localName} ${a.name}="${a.value.slice(0, 60)}">`);
      }
    }
  }
  out.h1 = document.querySelectorAll('h1').length;
  out.headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => ({
    level: Number(h.tagName[1]),
    text: raw(h).slice(0, 60),
  }));
  out.svgs = [...document.querySelectorAll('svg')]
    .filter((s) => !s.parentElement.closest('svg'))
    .map((s, i) => ({
      index: i,
      role: s.getAttribute('role'),
      title: !!(s.querySelector(':scope > title') && raw(s.querySelector(':scope > title'))),
      near: raw(s.closest('section') || s.parentElement).slice(0, 40),
    }));
  // http(s) or protocol-relative URLs in attributes and in CSS url().
  const ext = /^\s*(https?:)?\/\//i;
  out.external = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of ['src', 'href', 'xlink:href', 'srcset', 'poster', 'data', 'action']) {
      const v = el.getAttribute(a);
      if (v && ext.test(v)) out.external.push(`<${el.localName} ${a}="${v}">`);
    }
    const st = el.getAttribute('style');
    if (st && /url\(\s*['"]?\s*(https?:)?\/\//i.test(st)) {
      out.external.push(`<${el.localName} style="${st}">`);
    }
  }
  for (const sheet of document.styleSheets) {
    let rules = [];
    try {
      rules = [...sheet.cssRules];
    } catch (e) {
      out.external.push(`unreadable stylesheet ${sheet.href}`);
    }
    for (const r of rules) {
      const m = r.cssText.match(/url\(\s*['"]?\s*((https?:)?\/\/[^'")\s]*)/i);
      if (m) out.external.push(`CSS ${r.cssText.slice(0, 80)}`);
    }
  }
  const goalOf = (el) => ({
    goal: el.getAttribute('data-goal'),
    status: el.getAttribute('data-status'),
    text: text(el),
    raw: raw(el),
    perspective: el.parentElement.closest('[data-perspective]')
      ? el.parentElement.closest('[data-perspective]').getAttribute('data-perspective')
      : null,
  });
  out.scorecards = [...document.querySelectorAll('section.scorecard')].map((s) => ({
    org: s.getAttribute('data-org'),
    perspectives: [...s.querySelectorAll('[data-perspective]')].map((p) =>
      p.getAttribute('data-perspective'),
    ),
    goals: [...s.querySelectorAll('[data-goal]')].map(goalOf),
  }));
  out.redThread = [...document.querySelectorAll('section.red-thread')].map((s) => ({
    goals: [...s.querySelectorAll('[data-goal]')].map(goalOf),
  }));
  out.followUp = document.querySelectorAll('section.follow-up').length;
  out.dialogues = [...document.querySelectorAll('section.dialogue')].map((s) => ({
    upper: s.getAttribute('data-upper'),
    lower: s.getAttribute('data-lower'),
  }));
  out.allGoals = document.querySelectorAll('[data-goal]').length;
  // data-goal outside the scorecards and the red thread (follow-up,
  // dialogue): checked for its status only.
  out.otherGoals = [...document.querySelectorAll('[data-goal]')]
    .filter((el) => !el.closest('section.scorecard, section.red-thread'))
    .map(goalOf);
  return out;
}

/**
 * Compares what the page shows with the evaluation; `fail(kind, line)`
 * records a finding. Pure: the self-test and the real pages share it.
 */
function compare(dom, evaluation, opts, fail) {
  if (dom.lang !== 'sv' && dom.lang !== 'en') {
    fail('contract: <html lang>', `lang is ${JSON.stringify(dom.lang)}, expected "sv" or "en"`);
  }
  const labels = LABELS[dom.lang === 'en' ? 'en' : 'sv'];
  if (dom.scripts !== 0) fail('contract: no script', `${dom.scripts} <script> element(s) in the DOM`);
  for (const h of dom.handlers) fail('contract: no script', h);
  if (dom.h1 !== 1) fail('contract: one <h1>', `${dom.h1} <h1> elements`);
  let prev = 0;
  for (const h of dom.headings) {
    if (h.level > prev + 1) {
      fail('contract: headings in order', `<h${h.level}> "${h.text}" follows <h${prev || '-'}>`);
    }
    prev = h.level;
  }
  for (const s of dom.svgs) {
    if (s.role !== 'img' || !s.title) {
      fail(
        'contract: <svg role="img"> with <title>',
        `svg #${s.index} near "${s.near}": role=${JSON.stringify(s.role)}, title ${s.title ? 'present' : 'missing'}`,
      );
    }
  }
  for (const e of dom.external) fail('contract: no external resource', e);

  const goals = new Map(evaluation.goals.map((g) => [g.goal, g]));
  const check = (where, g) => {
    const want = goals.get(g.goal);
    if (!want) {
      fail('contract: data-goal names a goal', `${where}: data-goal="${g.goal}" is no goal of the evaluation`);
      return null;
    }
    if (!STATUSES.includes(g.status)) {
      fail('contract: data-status', `${where}: goal ${g.goal} has data-status=${JSON.stringify(g.status)}`);
    } else if (g.status !== want.status) {
      fail(
        'evaluation: status',
        `${where}: goal ${g.goal} shows data-status="${g.status}", the evaluation says "${want.status}"`,
      );
    }
    return want;
  };

  // Scorecards: one section per scorecard of the evaluation, no other.
  const sections = new Map();
  for (const s of dom.scorecards) {
    if (sections.has(s.org)) fail('contract: scorecards', `two section.scorecard[data-org="${s.org}"]`);
    sections.set(s.org, s);
  }
  const wanted = new Set(evaluation.scorecards.map((c) => c.org));
  for (const s of dom.scorecards) {
    if (!wanted.has(s.org)) fail('contract: scorecards', `section.scorecard[data-org="${s.org}"] is no scorecard of the evaluation`);
  }
  let goalsChecked = 0;
  for (const card of evaluation.scorecards) {
    const s = sections.get(card.org);
    const where = `scorecard ${card.org}`;
    if (!s) {
      fail('evaluation: every scorecard', `no section.scorecard[data-org="${card.org}"]`);
      continue;
    }
    for (const p of PERSPECTIVES) {
      if (!s.perspectives.includes(p)) fail('contract: four perspectives', `${where}: no [data-perspective="${p}"]`);
    }
    for (const p of s.perspectives) {
      if (!PERSPECTIVES.includes(p)) fail('contract: four perspectives', `${where}: unknown data-perspective="${p}"`);
    }
    const shown = new Map();
    for (const g of s.goals) {
      if (!shown.has(g.goal)) shown.set(g.goal, g);
    }
    const own = new Set(card.goals);
    for (const g of s.goals) {
      if (!goals.has(g.goal)) check(where, g);
      else if (!own.has(g.goal)) fail('evaluation: goals of the scorecard', `${where}: shows goal ${g.goal}, which is not on this scorecard`);
    }
    for (const id of card.goals) {
      const g = shown.get(id);
      if (!g) {
        fail('evaluation: goals of the scorecard', `${where}: goal ${id} is missing`);
        continue;
      }
      goalsChecked += 1;
      const want = check(where, g);
      if (!want) continue;
      if (g.perspective !== want.perspective) {
        fail(
          'evaluation: perspective of a goal',
          `${where}: goal ${id} (${want.perspective}) is inside data-perspective=${JSON.stringify(g.perspective)}`,
        );
      }
      if (!g.text.includes(labels[want.status])) {
        fail(
          'contract: visible status label',
          `${where}: goal ${id} (${want.status}) does not show "${labels[want.status]}"; its text is "${g.text.slice(0, 100)}"`,
        );
      }
      const title = want.title.replace(/\s+/g, ' ').trim();
      if (!g.raw.includes(title)) {
        fail('evaluation: goal title as text', `${where}: goal ${id}'s text does not contain its title ${JSON.stringify(title)}`);
      }
    }
  }

  // The red thread and the follow-up table: every data-goal anywhere with
  // the evaluation's status (the scorecards were checked above).
  if (opts.fullReport) {
    if (dom.redThread.length === 0) fail('contract: sections', 'no section.red-thread');
    if (dom.followUp === 0) fail('contract: sections', 'no section.follow-up');
  }
  let threadNodes = 0;
  const inThread = new Set();
  for (const t of dom.redThread) {
    for (const g of t.goals) {
      threadNodes += 1;
      inThread.add(g.goal);
      check('red thread', g);
    }
  }
  // The whole report's red thread starts at the council and shows every
  // goal (one whose link is broken too, marked); a part of it at least
  // every council goal.
  if (dom.redThread.length > 0) {
    for (const g of evaluation.goals) {
      if ((opts.fullReport || g.level === 'council') && !inThread.has(g.goal)) {
        fail('evaluation: red thread', `${g.level} goal ${g.goal} is not in the red thread`);
      }
    }
  }
  for (const g of dom.otherGoals) check('elsewhere', g);
  for (const d of dom.dialogues) {
    if (!d.upper || !d.lower) fail('contract: dialogue', `section.dialogue without data-upper/data-lower`);
  }
  // Markup in titles: shown as text, never as elements.
  const markup = evaluation.goals.filter((g) => /[<>&]/.test(g.title));
  if (opts.markup && markup.length === 0) {
    fail('test set-up', 'the model was meant to have a goal titled with markup, and has none');
  }
  return {
    scorecards: dom.scorecards.length,
    goalsChecked,
    threadNodes,
    dataGoals: dom.allGoals,
    svgs: dom.svgs.length,
    markupTitles: markup.length,
    others: dom.otherGoals.length,
  };
}

// ------------------------------------------------------------ CPU time

/**
 * CPU seconds used so far by this process's descendants (the Chromium
 * processes), read from /proc: a figure that does not depend on how busy
 * the machine is, unlike the wall-clock times. Null where there is no /proc.
 */
function chromiumCpu() {
  let entries;
  try {
    entries = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch (e) {
    return null;
  }
  const parent = new Map();
  const ticks = new Map();
  for (const pid of entries) {
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch (e) {
      continue;
    }
    // The command name may hold spaces and parentheses: split after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parent.set(Number(pid), Number(f[1]));
    ticks.set(Number(pid), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
  }
  let sum = 0;
  for (const [pid, t] of ticks) {
    let p = parent.get(pid);
    while (p && p !== process.pid) p = parent.get(p);
    if (p === process.pid) sum += t;
  }
  return sum / 100; // USER_HZ is 100 on Linux
}

// ------------------------------------------------------------- one page

/** Runs the injected axe-core; serious and critical findings fail, the rest are returned. */
async function runAxe(page, kind, fail) {
  const found = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html })),
    }));
  });
  for (const v of found) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    const first = v.nodes
      .slice(0, 3)
      .map((n) => `      at ${n.target}\n        ${n.html.slice(0, 140)}\n        ${(n.summary || '').replace(/\n\s*/g, ' | ').slice(0, 240)}`)
      .join('\n');
    fail(kind, `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} element(s))\n${first}`);
  }
  return found.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
}

async function checkPage(browser, spec, outDir) {
  const findings = new Map();
  const fail = (kind, line) => {
    if (!findings.has(kind)) findings.set(kind, []);
    findings.get(kind).push(line);
  };
  const times = {};
  let t = Date.now();
  let c = chromiumCpu();
  const lap = (name) => {
    const now = Date.now();
    const cpuNow = chromiumCpu();
    times[name] = { ms: now - t, cpu: c === null || cpuNow === null ? null : cpuNow - c };
    t = now;
    c = cpuNow;
  };
  const evaluation = JSON.parse(fs.readFileSync(spec.evaluation, 'utf8'));
  const cpu0 = chromiumCpu();
  const context = await browser.newContext({ viewport: VIEWPORT, javaScriptEnabled: true });
  // Nothing may leave the machine: any http(s)/ws request is aborted before
  // it is sent, and counted.
  await context.route(/^(https?|wss?|ftp):/i, (route) => {
    fail('no external request', `${route.request().method()} ${route.request().url()}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  // A busy machine renders the large page slowly: wait, do not flake.
  page.setDefaultTimeout(300000);
  page.setDefaultNavigationTimeout(300000);
  page.on('console', (msg) => {
    if (msg.type() === 'error') fail('no console error', msg.text());
  });
  page.on('pageerror', (err) => fail('no console error', `uncaught: ${err.message}`));
  page.on('requestfailed', (req) => {
    if (/^(https?|wss?|ftp):/i.test(req.url())) return; // counted above
    fail('no failed request', `${req.url()}: ${req.failure() ? req.failure().errorText : 'failed'}`);
  });
  page.on('dialog', async (d) => {
    fail('markup never runs', `a ${d.type()} dialog opened: ${JSON.stringify(d.message())}`);
    await d.dismiss().catch(() => {});
  });
  const url = 'file://' + path.resolve(spec.html);
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response || !response.ok()) fail('no failed request', `${url}: ${response ? response.status() : 'no response'}`);
  // Counted before axe-core is injected, which adds one.
  const scriptsAsLoaded = await page.evaluate(() => document.querySelectorAll('script').length);
  lap('load');

  // As loaded (closed <details> stay closed): what a reader first sees.
  const shot = await page.screenshot({ type: 'png' });
  const stats = pngStats(shot);
  if (isBlank(stats)) {
    fail('screenshot not blank', `${stats.colours} colours, ${(stats.inked * 100).toFixed(2)} % drawn, stddev ${stats.stddev.toFixed(1)}`);
  }
  fs.writeFileSync(path.join(outDir, `${spec.name}.png`), shot);
  lap('screenshot');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  if (pdf.length < 1000 || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
    fail('PDF print', `${pdf.length} bytes, starts with ${JSON.stringify(pdf.subarray(0, 8).toString('latin1'))}`);
  }
  const pdfPages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  fs.writeFileSync(path.join(outDir, `${spec.name}.pdf`), pdf);
  lap('pdf');

  // axe-core on the page as loaded (what a reader, or a screen reader,
  // meets first; closed <details> hold the same markup as open ones). The
  // <script> it adds was counted out above.
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const minor = await runAxe(page, `axe at ${VIEWPORT.width} px: no serious or critical violation`, fail);
  lap('axe');
  if (spec.narrow) {
    // Tables that fit 1280 px scroll in a narrower window, and a region
    // that scrolls must be reachable by keyboard: axe again at tablet width.
    await page.setViewportSize(NARROW);
    minor.push(...(await runAxe(page, `axe at ${NARROW.width} px: no serious or critical violation`, fail)));
    lap(`axe ${NARROW.width} px`);
  }

  // Everything opened, so every goal is rendered and its label visible.
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
  });
  const dom = await page.evaluate(readDom);
  dom.scripts = scriptsAsLoaded;
  const summary = compare(dom, evaluation, { markup: spec.markup, fullReport: spec.fullReport !== false }, fail);
  lap('dom');
  const cpu1 = chromiumCpu();
  await context.close();
  const cpu = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;
  return { findings, summary, stats, pdf: { bytes: pdf.length, pages: pdfPages }, minor, times, cpu };
}

function printPage(spec, r) {
  const s = r.summary;
  console.log(
    `--- ${spec.name}: ${spec.html}\n    ${s.scorecards} scorecards, ${s.goalsChecked} scorecard goals checked, ` +
      `${s.threadNodes} red-thread nodes, ${s.dataGoals} data-goal elements, ${s.svgs} svg, ` +
      `${s.markupTitles} markup title(s); screenshot ${r.stats.width}x${r.stats.height} ` +
      `${r.stats.colours} colours ${(r.stats.inked * 100).toFixed(1)} % drawn; ` +
      `PDF ${r.pdf.pages} pages ${(r.pdf.bytes / 1024).toFixed(0)} KiB`,
  );
  console.log(
    `    wall ms (Chromium CPU s): ${Object.entries(r.times)
      .map(([k, v]) => `${k} ${v.ms} (${v.cpu === null ? '?' : v.cpu.toFixed(1)})`)
      .join(', ')}; Chromium CPU in all ${r.cpu === null ? '?' : r.cpu.toFixed(1)} s`,
  );
  for (const v of r.minor) {
    console.log(`    axe (${v.impact}, not failing): ${v.id}: ${v.help} (${v.nodes.length})`);
  }
  for (const [kind, lines] of r.findings) {
    console.log(`    FAIL ${kind} (${lines.length}):`);
    for (const l of lines.slice(0, MAX_LINES)) console.log(`      ${l}`);
    if (lines.length > MAX_LINES) console.log(`      … and ${lines.length - MAX_LINES} more`);
  }
}

// -------------------------------------------------- README screenshots

/** Screenshots of the first page's sections for README (docs/*.png). */
async function docsShots(browser, spec, dir) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto('file://' + path.resolve(spec.html), { waitUntil: 'load' });
  // File name, selector, greatest height: the whole scorecard (a board's
  // fits in about 1300 px), the start of the red thread and of the
  // follow-up table.
  const shots = [
    ['report-scorecard.png', 'section.scorecard[data-org]', 1400],
    ['report-red-thread.png', 'section.red-thread', 1000],
    ['report-follow-up.png', 'section.follow-up', 1000],
  ];
  const preferred = process.env.DOCS_SCORECARD;
  for (const [file, selector, most] of shots) {
    let loc = page.locator(selector).first();
    if (file === 'report-scorecard.png' && preferred) loc = page.locator(`section.scorecard[data-org="${preferred}"]`);
    if ((await loc.count()) === 0) {
      console.log(`    docs: no ${selector}, ${file} not written`);
      continue;
    }
    // In page coordinates, at most `most` high: a README picture, not the
    // whole report.
    const box = await loc.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
    });
    const pad = 12;
    const clip = {
      x: Math.max(0, box.x - pad),
      y: Math.max(0, box.y - pad),
      width: box.width + 2 * pad,
      height: Math.min(box.height + 2 * pad, most),
    };
    await page.screenshot({ path: path.join(dir, file), clip, fullPage: true });
    console.log(`    docs: ${path.join(dir, file)} (${Math.round(clip.width)}x${Math.round(clip.height)})`);
  }
  await context.close();
}

// ---------------------------------------------------------- self-test

/**
 * The harness tests itself: a page that follows the contract passes, and a
 * page that breaks it in every way is caught on every count.
 */
async function selfTest(browser, outDir) {
  const here = path.join(__dirname, 'fixtures');
  const evaluation = path.join(here, 'evaluation.json');
  let failed = 0;
  const good = await checkPage(browser, { name: 'fixture-good', html: path.join(here, 'good.html'), evaluation, markup: true }, outDir);
  printPage({ name: 'fixture-good (must pass)', html: 'fixtures/good.html' }, good);
  if (good.findings.size !== 0) {
    console.log('    SELF-TEST FAIL: the page that follows the contract did not pass');
    failed += 1;
  }
  const bad = await checkPage(browser, { name: 'fixture-bad', html: path.join(here, 'bad.html'), evaluation, markup: true }, outDir);
  const must = {
    'markup never runs': /alert/,
    'no console error': /noSuchFunction/,
    'no failed request': /missing\.png/,
    'contract: <html lang>': /null/,
    'contract: no script': [/<script>/, /onmouseover/, /javascript:/],
    'contract: one <h1>': /2 <h1>/,
    'contract: headings in order': /<h4>/,
    'contract: <svg role="img"> with <title>': /title missing/,
    'contract: no external resource': /example\.invalid/,
    'contract: data-goal names a goal': /zz-9/,
    'contract: four perspectives': /no \[data-perspective="economy"\]/,
    'contract: visible status label': /kf-2/,
    'contract: sections': /no section\.follow-up/,
    'evaluation: red thread': /board goal bn-3 is not in the red thread/,
    'evaluation: status': /bn-2 shows data-status="fulfilled"/,
    'evaluation: goals of the scorecard': /goal kf-1 is missing/,
    'evaluation: perspective of a goal': /bn-2/,
    'evaluation: goal title as text': /bn-1/,
    'axe at 1280 px: no serious or critical violation': /color-contrast/,
  };
  let caught = 0;
  for (const [kind, res] of Object.entries(must)) {
    const lines = bad.findings.get(kind) || [];
    const missed = [res].flat().filter((re) => !lines.some((l) => re.test(l)));
    if (missed.length === 0) {
      caught += 1;
    } else {
      console.log(`    SELF-TEST FAIL: the broken page's "${kind}" (${missed.join(', ')}) was not caught; got ${JSON.stringify(lines)}`);
      failed += 1;
    }
  }
  console.log(`--- fixture-bad (must fail on every count): ${caught} of ${Object.keys(must).length} breaches caught`);
  if (caught !== Object.keys(must).length) printPage({ name: 'fixture-bad', html: 'fixtures/bad.html' }, bad);
  // A blank page must count as blank.
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.setContent('<html lang="sv"><body></body></html>');
  const blank = pngStats(await page.screenshot({ type: 'png' }));
  await context.close();
  if (!isBlank(blank)) {
    console.log('    SELF-TEST FAIL: an empty page was not judged blank');
    failed += 1;
  }
  return failed;
}

// ---------------------------------------------------------------- main

function parseArgs(argv) {
  const a = { out: null, docs: null, selfTest: false, pages: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const v = argv[i];
    if (v === '--out') a.out = argv[(i += 1)];
    else if (v === '--docs') a.docs = argv[(i += 1)];
    else if (v === '--self-test') a.selfTest = true;
    else {
      const m = v.match(/^([\w.-]+)=([^,]+),([^,]+)((?:,(?:markup|narrow))*)$/);
      if (!m) throw new Error(`bad page argument ${JSON.stringify(v)}: expected NAME=HTML,EVALUATION[,markup][,narrow]`);
      const flags = m[4].split(',');
      a.pages.push({ name: m[1], html: m[2], evaluation: m[3], markup: flags.includes('markup'), narrow: flags.includes('narrow') });
    }
  }
  return a;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const outDir = args.out || fs.mkdtempSync(path.join(require('os').tmpdir(), 'styrkort-browser-'));
  fs.mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  console.log(`chromium ${browser.version()} (${CHROMIUM}), started in ${Date.now() - started} ms; output in ${outDir}`);
  let passed = 0;
  let failed = 0;
  try {
    if (args.selfTest) {
      const f = await selfTest(browser, outDir);
      if (f === 0) passed += 1;
      else failed += 1;
    }
    for (const spec of args.pages) {
      const r = await checkPage(browser, spec, outDir);
      printPage(spec, r);
      if (r.findings.size === 0) passed += 1;
      else failed += 1;
    }
    if (args.docs && args.pages.length > 0) {
      fs.mkdirSync(args.docs, { recursive: true });
      await docsShots(browser, args.pages[0], args.docs);
    }
  } finally {
    await browser.close();
  }
  console.log(`browser: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
