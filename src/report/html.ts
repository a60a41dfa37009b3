/**
 * The HTML rendering of a report: one self-contained file (inline CSS, no
 * scripts, no fonts, no network), every value escaped, laid out for a laptop
 * screen. Timelines are inline SVG (svgTimeline.ts).
 */
import { esc } from './escape.ts';
import type { CounterexampleSection, Report, ScenarioSection, SuiteSection } from './Report.ts';
import { renderTimeline } from './svgTimeline.ts';

const CSS = `
:root{color-scheme:light}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
main{max-width:1180px;margin:0 auto;padding:20px 24px 60px}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:1.05em;margin:1.2em 0 .4em}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#f0f0f0;padding:10px;overflow-x:auto;white-space:pre-wrap;word-break:break-word;border-radius:4px}
table{border-collapse:collapse;margin:.4em 0 1em}th,td{padding:3px 10px;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
th{background:#f0f0f0;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.verdict{display:inline-block;padding:4px 12px;border-radius:4px;font-weight:700;color:#fff}
.ok{background:#2e7d32}.bad{background:#c62828}.warn{background:#ef8f00}
.status-passed{color:#2e7d32;font-weight:600}.status-failed,.status-invalid{color:#c62828;font-weight:600}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin:12px 0}
.scroll{overflow-x:auto;border:1px solid #e4e4e4;background:#fff;border-radius:4px;margin:6px 0}
.legend span{display:inline-block;margin-right:14px;font-size:13px}.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:4px}
svg.timeline text{font:11px system-ui,sans-serif}svg.timeline .shard{font-weight:700;font-size:12px}
svg.timeline .barlabel{fill:#fff}svg.timeline .grid{stroke:#eee}svg.timeline .tick{stroke:#ddd;stroke-dasharray:2 3}svg.timeline .ticklabel{fill:#666;font-size:10px}
details>summary{cursor:pointer}
code.replay{word-break:break-all}
`;

/** The report as one HTML document. */
export function renderHtml(r: Report): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(`streamcheck ${r.name}: ${r.holds ? 'holds' : 'FAILED'}`)}</title>`,
    `<style>${CSS}</style></head><body><main>`,
    header(r),
    r.counterexamples.length ? `<h2>Counterexamples</h2>${LEGEND}${r.counterexamples.map(counterexample).join('')}` : '',
    r.suites.length ? `<h2>Suites</h2>${r.suites.map(suite).join('')}` : '',
    r.scenarios.length ? `<h2>Scenarios</h2>${LEGEND}${scenarioTable(r.scenarios)}${r.scenarios.map(scenario).join('')}` : '',
    '</main></body></html>',
    '',
  ].join('\n');
}

const LEGEND = `<p class="legend">${[['#2e7d32', 'success'], ['#ef8f00', 'partial failure'], ['#c62828', 'failure'], ['#6a1b9a', 'timeout'], ['#1565c0', '✓ checkpoint'], ['#c62828', '✗ give-up'], ['#ad1457', 'on-failure message']]
  .map(([c, t]) => `<span><i class="sw" style="background:${c}"></i>${esc(t)}</span>`).join('')}<span>dashed outline: retry; "bisect": a half of a failed batch. Time axis: idle gaps compressed; hover for details.</span></p>`;

function header(r: Report): string {
  const s = r.summary;
  const verdict = r.holds ? '<span class="verdict ok">ALL HOLD</span>' : '<span class="verdict bad">FAILED</span>';
  const rows = [
    ['generated cases', s.cases], ['violations', s.violations], ['coverage shortfalls', s.coverageShortfalls],
    ['scenarios passed', s.scenarios.passed], ['scenarios failed', s.scenarios.failed], ['invalid scenario files', s.scenarios.invalid],
  ].map(([k, v]) => `<tr><th>${esc(k)}</th><td class="n">${esc(v)}</td></tr>`).join('');
  return `<h1>streamcheck report: ${esc(r.name)}</h1><p>${verdict} <code>${esc(r.command)}</code></p><h2>Summary</h2><table>${rows}</table>`;
}

function suite(s: SuiteSection): string {
  const checkers = s.checkers.map((c) => `<tr><td>${esc(c.checker)}</td><td class="${c.failedCases ? 'status-failed' : 'status-passed'}">${c.failedCases ? `violated in ${esc(c.failedCases)} case(s)` : 'holds'}</td></tr>`).join('');
  const hits = Object.entries(s.hits).map(([k, v]) => `<tr><td>${esc(k)}</td><td class="n">${esc(v)}</td></tr>`).join('');
  const coverage = s.coverage.map((c) => `<tr><td>${esc(c.scenarioClass)}</td><td class="n">${esc(c.actual)}</td><td class="n">${esc(c.required)}</td><td class="${c.met ? 'status-passed' : 'status-failed'}">${c.met ? 'met' : 'SHORT'}</td></tr>`).join('');
  return `<div class="card"><h3>${esc(s.suite)} ${s.holds ? '<span class="verdict ok">holds</span>' : '<span class="verdict bad">violation</span>'}</h3>`
    + `<p>${esc(s.description)}</p><p>seed <code>${esc(s.seed)}</code>, ${esc(s.runs)} case(s)${s.mutation ? `, mutation <code>${esc(s.mutation)}</code>` : ''}, trace digest <code>${esc(s.traceDigest.slice(0, 16))}</code></p>`
    + `<div style="display:flex;gap:28px;flex-wrap:wrap"><div><h3>Checkers</h3><table><tr><th>checker</th><th>result</th></tr>${checkers}</table></div>`
    + `<div><h3>Scenario classes hit</h3><table><tr><th>class</th><th>cases</th></tr>${hits || '<tr><td colspan="2">none</td></tr>'}</table></div>`
    + s.risks.map((k) => `<p class="status-failed"><strong>Warning:</strong> ${esc(k.text)}</p>`).join('')
    + (coverage ? `<div><h3>Coverage obligations</h3><table><tr><th>class</th><th>hit</th><th>required</th><th></th></tr>${coverage}</table></div>` : '')
    + '</div></div>';
}

function counterexample(c: CounterexampleSection): string {
  return `<div class="card counterexample"><h3>${esc(c.title)}</h3>`
    + c.findings.map((f) => `<pre class="finding">${esc(f.text)}</pre>`).join('')
    + `<p>Replay: <code class="replay">${esc(c.replay)}</code></p>`
    + `<div class="scroll">${renderTimeline(c.trace, c.outcomes)}</div>`
    + `<details><summary>Shrunk counterexample (JSON)</summary><pre>${esc(JSON.stringify(c.counterexample, null, 1))}</pre></details></div>`;
}

function scenarioTable(list: readonly ScenarioSection[]): string {
  const rows = list.map((s, i) => `<tr><td class="status-${s.status}">${esc(s.status.toUpperCase())}</td><td><a href="#scenario-${i}">${esc(s.file)}</a></td><td>${esc(s.rules.join(', '))}</td><td>${esc(s.name)}</td></tr>`).join('');
  return `<table><tr><th>status</th><th>file</th><th>rules</th><th>what it shows</th></tr>${rows}</table>`;
}

function scenario(s: ScenarioSection, i: number): string {
  const diffs = s.differences.length
    ? `<table class="diff"><tr><th>where</th><th>expected</th><th>actual</th></tr>${s.differences.map((d) => `<tr><td><code>${esc(d.path)}</code></td><td>${esc(d.expected)}</td><td>${esc(d.actual)}</td></tr>`).join('')}</table>`
    : '';
  const error = s.error ? `<pre>${esc(s.error)}</pre>` : '';
  const timeline = s.trace.length ? `<div class="scroll">${renderTimeline(s.trace, s.outcomes)}</div>` : '';
  const open = s.status === 'passed' ? '' : ' open';
  return `<details class="card scenario" id="scenario-${i}"${open}><summary><span class="status-${s.status}">${esc(s.status.toUpperCase())}</span> ${esc(s.file)}: ${esc(s.name)}${s.mutation ? ` (mutation ${esc(s.mutation)})` : ''}</summary>${diffs}${error}${timeline}</details>`;
}
