/**
 * Escaping for HTML and SVG text and attributes. Every piece of record data,
 * response and message a report shows passes through here: record data may
 * hold `<script>`.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element or a quoted attribute. */
export function esc(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
