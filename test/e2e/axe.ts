/**
 * Accessibility checks with axe-core (WCAG 2.x A and AA rules) on the page as it is shown. The
 * script is evaluated through the DevTools protocol, so the app's Content-Security-Policy, which
 * allows only Pacer's own scripts, does not have to be loosened for it.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
}

let axeSource: Promise<string> | null = null;

/**
 * Findings judged harmless, each with why. The account menu button shows the avatar's initials
 * (aria-hidden decoration) before the name; its accessible name "Account menu for <name>" holds the
 * visible name, so speech-input users can still say it, but axe counts the initials as label text.
 */
const ACCEPTED: Array<{ rule: string; html: RegExp }> = [{ rule: 'label-content-name-mismatch', html: /aria-label="Account menu for / }];

/** The violations on the page (or inside `selector`), one line each; [] when it passes. */
export async function axeViolations(page: Page, selector?: string): Promise<string[]> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const source = await axeSource;
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(source);
  const violations = await page.evaluate(async (context: string | null) => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(context ?? document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  }, selector ?? null);
  return violations
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !ACCEPTED.some((a) => a.rule === v.id && a.html.test(n.html))) }))
    .filter((v) => v.nodes.length > 0)
    .map(
    (v) => `${v.id} (${v.impact ?? 'unknown'}): ${v.help} at ${v.nodes.map((n) => `${n.html.slice(0, 160)} — ${n.failureSummary ?? ''}`).join(' | ')}`,
  );
}
