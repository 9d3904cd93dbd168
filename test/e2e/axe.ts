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

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * The violations on the page (or inside `selector`), one line each; [] when it passes. With
 * `bestPractices`, axe's best-practice rules run too (landmarks, heading order, unique banners).
 */
export async function axeViolations(page: Page, selector?: string, { bestPractices = false } = {}): Promise<string[]> {
  const tags = bestPractices ? [...WCAG_TAGS, 'best-practice'] : WCAG_TAGS;
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const source = await axeSource;
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(source);
  const violations = await page.evaluate(async ({ context, tags }: { context: string | null; tags: string[] }) => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(context ?? document, { runOnly: { type: 'tag', values: tags } });
    return result.violations;
  }, { context: selector ?? null, tags });
  return violations.map(
    (v) => `${v.id} (${v.impact ?? 'unknown'}): ${v.help} at ${v.nodes.map((n) => `${n.html.slice(0, 160)} — ${n.failureSummary ?? ''}`).join(' | ')}`,
  );
}
