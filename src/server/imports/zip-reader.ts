/**
 * A ZIP reader for untrusted uploads (Viva exports and XLSX files). It reads the central directory
 * itself, so a damaged archive is a clear ImportError rather than whatever a decompressor throws,
 * and it inflates with fflate's streaming Inflate in small slices, counting the bytes that come
 * out: an entry that inflates past its declared size, the per-entry cap or the archive's total cap
 * stops at once (a ZIP bomb never reaches memory). Only stored and deflated entries are read;
 * encrypted, ZIP64 and multi-disk archives are refused by name.
 */
import { Inflate } from 'fflate';
import { ImportError } from './import-errors';
import type { ImportLimits } from './import-limits';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_LENGTH = 22;
// Compressed bytes handed to the inflater at a time: deflate expands at most ~1032:1, so one slice
// can overshoot a cap by at most ~8 MB before the count notices.
const INFLATE_SLICE = 8 * 1024;

function notAZip(detail: string): ImportError {
  return new ImportError('not_a_zip', `is not a readable ZIP archive (${detail}); upload the .zip exactly as it was downloaded, not unpacked or re-saved.`);
}

function tooLarge(name: string, limitBytes: number, what: string): ImportError {
  const megabytes = Math.round(limitBytes / (1024 * 1024));
  return new ImportError('too_large', `"${name}" ${what} more than ${megabytes} MB uncompressed, more than an import may read; split the export (e.g. by time period) and import the parts.`);
}

const nameDecoder = new TextDecoder('utf-8');

export class ZipArchive {
  readonly entries: readonly ZipEntry[];
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly limits: ImportLimits;
  private bytesRead = 0;

  constructor(bytes: Uint8Array, limits: ImportLimits) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.limits = limits;
    this.entries = this.readCentralDirectory();
  }

  private u16(offset: number): number {
    if (offset < 0 || offset + 2 > this.bytes.length) throw notAZip('a header points past the end of the file');
    return this.view.getUint16(offset, true);
  }

  private u32(offset: number): number {
    if (offset < 0 || offset + 4 > this.bytes.length) throw notAZip('a header points past the end of the file');
    return this.view.getUint32(offset, true);
  }

  private findEndOfCentralDirectory(): number {
    if (this.bytes.length < EOCD_MIN_LENGTH) throw notAZip('it is too short to be one');
    // The end record sits in the last 22 bytes plus at most a 65,535-byte archive comment.
    const lowest = Math.max(0, this.bytes.length - EOCD_MIN_LENGTH - 0xffff);
    for (let at = this.bytes.length - EOCD_MIN_LENGTH; at >= lowest; at--) {
      if (this.view.getUint32(at, true) === EOCD_SIGNATURE) return at;
    }
    throw notAZip('no end of central directory record was found');
  }

  private readCentralDirectory(): ZipEntry[] {
    const end = this.findEndOfCentralDirectory();
    const entryCount = this.u16(end + 10);
    const directoryOffset = this.u32(end + 16);
    if (this.u16(end + 4) !== 0 || this.u16(end + 8) !== entryCount) throw new ImportError('unsupported_zip', 'is a multi-part ZIP archive; upload the export as one .zip file.');
    if (entryCount === 0xffff || directoryOffset === 0xffffffff) {
      throw new ImportError('unsupported_zip', 'is a ZIP64 archive, which Pacer does not read; split the export (e.g. by time period) and import the parts.');
    }
    if (entryCount > this.limits.maxEntries) {
      throw new ImportError('too_many_entries', `holds ${entryCount} files, more than the ${this.limits.maxEntries} an import reads; upload the Viva Goals export as downloaded.`);
    }
    const entries: ZipEntry[] = [];
    let at = directoryOffset;
    for (let index = 0; index < entryCount; index++) {
      if (this.u32(at) !== CENTRAL_SIGNATURE) throw notAZip(`entry ${index + 1} of the central directory is damaged`);
      const flags = this.u16(at + 8);
      const nameLength = this.u16(at + 28);
      const skip = nameLength + this.u16(at + 30) + this.u16(at + 32);
      if (at + 46 + nameLength > this.bytes.length) throw notAZip('a file name runs past the end of the file');
      const name = nameDecoder.decode(this.bytes.subarray(at + 46, at + 46 + nameLength));
      if ((flags & 1) !== 0) throw new ImportError('unsupported_zip', `"${name}" is encrypted; export again without a password.`);
      entries.push({
        name,
        method: this.u16(at + 10),
        compressedSize: this.u32(at + 20),
        declaredSize: this.u32(at + 24),
        localHeaderOffset: this.u32(at + 42),
      });
      at += 46 + skip;
    }
    return entries;
  }

  /** The entry's uncompressed bytes; throws an ImportError when a cap or the declared size is passed. */
  read(entry: ZipEntry): Uint8Array {
    const { maxEntryBytes, maxTotalBytes } = this.limits;
    if (entry.declaredSize > maxEntryBytes) throw tooLarge(entry.name, maxEntryBytes, 'is');
    if (this.bytesRead + entry.declaredSize > maxTotalBytes) throw tooLarge(entry.name, maxTotalBytes, 'takes the archive to');
    const local = entry.localHeaderOffset;
    if (this.u32(local) !== LOCAL_SIGNATURE) throw notAZip(`the local header of "${entry.name}" is damaged`);
    const dataStart = local + 30 + this.u16(local + 26) + this.u16(local + 28);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > this.bytes.length) throw notAZip(`"${entry.name}" runs past the end of the file`);
    const compressed = this.bytes.subarray(dataStart, dataEnd);
    let content: Uint8Array;
    if (entry.method === 0) {
      content = compressed;
    } else if (entry.method === 8) {
      content = this.inflate(entry, compressed);
    } else {
      throw new ImportError('unsupported_zip', `"${entry.name}" uses ZIP compression method ${entry.method}; Pacer reads stored and deflated files, so re-create the ZIP with a standard tool.`);
    }
    if (content.length !== entry.declaredSize) throw notAZip(`"${entry.name}" is ${content.length} bytes, but its header says ${entry.declaredSize}`);
    this.bytesRead += content.length;
    return content;
  }

  private inflate(entry: ZipEntry, compressed: Uint8Array): Uint8Array {
    const chunks: Uint8Array[] = [];
    let produced = 0;
    let finished = false;
    const inflater = new Inflate((chunk, final) => {
      produced += chunk.length;
      // Checked per slice, before the next one is inflated: the declared size is already within the caps.
      if (produced > entry.declaredSize) throw notAZip(`"${entry.name}" inflates to more than the ${entry.declaredSize} bytes its header says (a ZIP bomb?)`);
      chunks.push(chunk);
      finished = final;
    });
    try {
      for (let at = 0; at < compressed.length; at += INFLATE_SLICE) {
        const slice = compressed.subarray(at, Math.min(at + INFLATE_SLICE, compressed.length));
        inflater.push(slice, at + INFLATE_SLICE >= compressed.length);
      }
      if (compressed.length === 0) inflater.push(compressed, true);
    } catch (error) {
      if (error instanceof ImportError) throw error;
      throw notAZip(`"${entry.name}" could not be decompressed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!finished) throw notAZip(`"${entry.name}" ends before its compressed data does`);
    const content = new Uint8Array(produced);
    let offset = 0;
    for (const chunk of chunks) {
      content.set(chunk, offset);
      offset += chunk.length;
    }
    return content;
  }
}

const textDecoder = new TextDecoder('utf-8');

/** UTF-8 text without a byte order mark; invalid bytes become U+FFFD rather than failing the import. */
export function decodeUtf8(bytes: Uint8Array): string {
  const text = textDecoder.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
