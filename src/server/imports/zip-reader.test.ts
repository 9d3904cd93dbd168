import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ImportError } from './import-errors';
import { importLimits } from './import-limits';
import { decodeUtf8, ZipArchive } from './zip-reader';

function problemOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof ImportError) return `${error.problem}: ${error.message}`;
    throw error;
  }
  throw new Error('expected an ImportError, but nothing was thrown');
}

/** Offset of the first central directory header (signature PK\1\2). */
function centralHeaderOffset(zip: Uint8Array): number {
  for (let at = 0; at < zip.length - 4; at++) {
    if (zip[at] === 0x50 && zip[at + 1] === 0x4b && zip[at + 2] === 0x01 && zip[at + 3] === 0x02) return at;
  }
  throw new Error('no central directory in the test ZIP');
}

describe('ZipArchive', () => {
  it('reads stored and deflated entries with their names', () => {
    const zip = zipSync({ 'a.json': strToU8('[1,2]'), 'folder/b.txt': [strToU8('hello'), { level: 0 }] });
    const archive = new ZipArchive(zip, importLimits());
    expect(archive.entries.map((entry) => entry.name)).toEqual(['a.json', 'folder/b.txt']);
    expect(archive.entries.map((entry) => decodeUtf8(archive.read(entry)))).toEqual(['[1,2]', 'hello']);
  });

  it('refuses bytes that are not a ZIP, and a truncated ZIP, as not_a_zip with a clear message', () => {
    expect(problemOf(() => new ZipArchive(strToU8('this is a CSV, not a zip, honestly, really'), importLimits()))).toMatch(
      /^not_a_zip: file: is not a readable ZIP archive \(no end of central directory record was found\); upload the \.zip exactly as it was downloaded/,
    );
    const zip = zipSync({ 'a.json': strToU8('x'.repeat(1000)) });
    expect(problemOf(() => new ZipArchive(zip.subarray(0, zip.length - 30), importLimits()))).toMatch(/^not_a_zip/);
    expect(problemOf(() => new ZipArchive(new Uint8Array(3), importLimits()))).toMatch(/too short/);
  });

  it('refuses a damaged deflate stream as not_a_zip naming the entry', () => {
    const zip = zipSync({ 'a.json': strToU8('abc'.repeat(5000)) });
    const archive = new ZipArchive(zip, importLimits());
    const entry = archive.entries[0];
    if (!entry) throw new Error('no entry');
    // Overwrite the compressed data right after the 30-byte local header and the name.
    zip.fill(0xff, 30 + 'a.json'.length, 30 + 'a.json'.length + 40);
    expect(problemOf(() => archive.read(entry))).toMatch(/^not_a_zip: .*"a\.json"/);
  });

  it('refuses an entry whose declared size passes the per-entry cap before inflating it', () => {
    const zip = zipSync({ 'big.json': new Uint8Array(2 * 1024 * 1024) });
    const archive = new ZipArchive(zip, importLimits({ maxEntryBytes: 1024 * 1024 }));
    const entry = archive.entries[0];
    if (!entry) throw new Error('no entry');
    expect(problemOf(() => archive.read(entry))).toMatch(/^too_large: file: "big\.json" is more than 1 MB uncompressed/);
  });

  it('stops a ZIP bomb that declares a small size while inflating, before it is all in memory', () => {
    const zip = zipSync({ 'bomb.json': new Uint8Array(8 * 1024 * 1024) });
    expect(zip.length).toBeLessThan(64 * 1024);
    // Lie in the central directory: 1,000 bytes uncompressed.
    const central = centralHeaderOffset(zip);
    new DataView(zip.buffer, zip.byteOffset).setUint32(central + 24, 1000, true);
    const archive = new ZipArchive(zip, importLimits());
    const entry = archive.entries[0];
    if (!entry) throw new Error('no entry');
    expect(entry.declaredSize).toBe(1000);
    expect(problemOf(() => archive.read(entry))).toMatch(/^not_a_zip: .*"bomb\.json" inflates to more than the 1000 bytes its header says \(a ZIP bomb\?\)/);
  });

  it('caps the total uncompressed bytes read from one archive', () => {
    const zip = zipSync({ 'a.json': new Uint8Array(600 * 1024), 'b.json': new Uint8Array(600 * 1024) });
    const archive = new ZipArchive(zip, importLimits({ maxTotalBytes: 1024 * 1024 }));
    const [first, second] = archive.entries;
    if (!first || !second) throw new Error('no entries');
    expect(archive.read(first).length).toBe(600 * 1024);
    expect(problemOf(() => archive.read(second))).toMatch(/^too_large: file: "b\.json" takes the archive to more than 1 MB/);
  });

  it('refuses more entries than the limit', () => {
    const files: Record<string, Uint8Array> = {};
    for (let index = 0; index < 12; index++) files[`f${index}.json`] = strToU8('[]');
    expect(problemOf(() => new ZipArchive(zipSync(files), importLimits({ maxEntries: 10 })))).toMatch(/^too_many_entries: file: holds 12 files, more than the 10/);
  });
});
