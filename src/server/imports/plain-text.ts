/**
 * Text from an import file made safe to store and show as plain text: HTML (Viva check-in notes)
 * reduced to its text, entities decoded (the five XML ones, &nbsp; and numeric references only —
 * nothing is looked up or expanded further), characters no database stores (NUL, lone surrogates)
 * replaced, and length capped. Nothing here is ever rendered as HTML or evaluated: a cell reading
 * `=HYPERLINK(…)` stays that text.
 */
const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function codePointText(codePoint: number): string {
  const usable = Number.isInteger(codePoint) && codePoint > 0 && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
  return usable ? String.fromCodePoint(codePoint) : '\uFFFD';
}

/** Decodes `&amp;`-style references; with `html`, also `&nbsp;`. Unknown names stay as written. */
export function decodeEntities(text: string, html = false): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[a-zA-Z]{2,6});/g, (whole, reference: string) => {
    if (reference.startsWith('#x') || reference.startsWith('#X')) return codePointText(Number.parseInt(reference.slice(2), 16));
    if (reference.startsWith('#')) return codePointText(Number.parseInt(reference.slice(1), 10));
    if (!html && reference === 'nbsp') return whole;
    return Object.hasOwn(NAMED_ENTITIES, reference) ? (NAMED_ENTITIES[reference] ?? whole) : whole;
  });
}

const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Line ends as \n, NUL and other C0 controls but tab and newline removed, lone surrogates as U+FFFD, cut to `maxLength`. */
export function cleanText(text: string, maxLength: number): { text: string; cut: boolean } {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  let cleaned = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(LONE_SURROGATES, '\uFFFD');
  const cut = cleaned.length > maxLength;
  if (cut) cleaned = cleaned.slice(0, maxLength);
  return { text: cleaned, cut };
}

const BLOCK_END = /<\s*(?:br\s*\/?|\/\s*(?:p|div|li|h[1-6]|tr|blockquote|pre))\s*>/gi;

/**
 * The text of an HTML fragment. Script and style bodies are dropped whole; block ends become line
 * breaks; every other tag is removed; entities are decoded last, so `&lt;b&gt;` stays the text `<b>`.
 */
/**
 * `html` without the spans from each `open` match to the next `close` (the whole rest when there is
 * none). One forward pass with indexOf: a regex pairing them lazily would rescan to the end for every
 * unclosed opening, which a hostile note can repeat thousands of times.
 */
function withoutSpans(html: string, open: RegExp, close: RegExp): string {
  let kept = '';
  let at = 0;
  const opening = new RegExp(open.source, 'gi');
  const closing = new RegExp(close.source, 'gi');
  for (;;) {
    opening.lastIndex = at;
    const start = opening.exec(html);
    if (!start) return kept + html.slice(at);
    kept += `${html.slice(at, start.index)} `;
    closing.lastIndex = start.index + start[0].length;
    const end = closing.exec(html);
    if (!end) return kept;
    at = end.index + end[0].length;
  }
}

export function htmlToPlainText(html: string): string {
  const withoutCode = withoutSpans(withoutSpans(html, /<!--/, /-->/), /<\s*(?:script|style)\b[^<>]*>/, /<\s*\/\s*(?:script|style)\s*>/);
  const withBreaks = withoutCode.replace(BLOCK_END, '\n').replace(/<\s*li\b[^<>]*>/gi, '\n• ');
  // A `<` that does not open a tag (e.g. "a < b") is text: only `<` followed by a letter, / or ! starts one.
  const withoutTags = withBreaks.replace(/<[a-zA-Z/!][^<>]*>?/g, '');
  const text = decodeEntities(withoutTags, true);
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
