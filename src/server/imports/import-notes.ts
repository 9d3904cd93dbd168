/**
 * What a parse or a plan noticed along the way: records it skipped (with the reason a person reads
 * in the dry-run report) and warnings. Repeated warnings are counted rather than repeated, so a
 * file with 50,000 odd values yields one line, not 50,000.
 */
import { cleanText } from './plain-text';
import type { SkippedRecord, VivaRecordType } from './viva-model';

export class ImportNotes {
  readonly skipped: SkippedRecord[] = [];
  private readonly warningCounts = new Map<string, number>();
  readonly maxStringLength: number;

  constructor(maxStringLength: number) {
    this.maxStringLength = maxStringLength;
  }

  skip(type: VivaRecordType, externalId: string | null, reason: string): void {
    this.skipped.push({ type, externalId, reason });
  }

  warn(message: string): void {
    this.warningCounts.set(message, (this.warningCounts.get(message) ?? 0) + 1);
  }

  get warnings(): string[] {
    return [...this.warningCounts].map(([message, count]) => (count === 1 ? message : `${message} (${count} times)`));
  }

  /** Cleaned, capped text; '' for nothing. `what` names the value in the warning when it is cut. */
  text(raw: string | null | undefined, what: string): string {
    if (raw === null || raw === undefined) return '';
    const { text, cut } = cleanText(raw, this.maxStringLength);
    if (cut) this.warn(`A ${what} was longer than ${this.maxStringLength} characters and was cut`);
    return text.trim();
  }

  /** Like text, but null for nothing or blank. */
  optionalText(raw: string | null | undefined, what: string): string | null {
    const text = this.text(raw, what);
    return text === '' ? null : text;
  }
}
