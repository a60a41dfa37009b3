/**
 * Writing a report as `<dir>/<name>.json` and `<dir>/<name>.html`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from './html.ts';
import type { Report } from './Report.ts';

/** Directory reports are written to by default. */
export const REPORTS_DIR = 'reports';

/** Write both files; returns their paths. */
export function writeReport(report: Report, dir = REPORTS_DIR): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${report.name}.json`);
  const html = join(dir, `${report.name}.html`);
  writeFileSync(json, JSON.stringify(jsonOf(report), null, 2) + '\n');
  writeFileSync(html, renderHtml(report));
  return { json, html };
}

/** The JSON form: traces of passed scenarios, and their invocations' outcomes, are left out (they only feed the HTML timelines). */
function jsonOf(report: Report): Report {
  return { ...report, scenarios: report.scenarios.map(({ outcomes, ...s }) => (s.status === 'passed' ? { ...s, trace: [] } : { ...s, ...(outcomes ? { outcomes } : {}) })) };
}
