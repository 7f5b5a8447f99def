import { createInflateRaw } from 'node:zlib';

interface XlsxLimits {
  maxFileBytes: number;
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxRatio: number;
  ratioFloorBytes: number;
}

/**
 * Limits on an XLSX workbook (a ZIP archive) checked before any XML is inflated for reading:
 * a 1 MB upload can inflate to gigabytes (a zip bomb). Every entry is inflated once through a
 * counting stream that stops at its limit, so memory stays at one inflate window whatever the
 * archive claims; the sizes written in the archive are checked first and never trusted.
 * docs/security.md lists them.
 */
export const XLSX_LIMITS: XlsxLimits = {
  /** the workbook file itself */
  maxFileBytes: 64 * 1024 * 1024,
  /** entries (sheets, styles, shared strings…) in the archive */
  maxEntries: 2_000,
  /** one entry inflated */
  maxEntryBytes: 128 * 1024 * 1024,
  /** every entry inflated, together */
  maxTotalBytes: 256 * 1024 * 1024,
  /** inflated ÷ compressed, for an entry that inflates beyond `ratioFloorBytes` */
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipRefusal {
  rule: 'xlsx.too-large';
  message: string;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MiB = 1024 * 1024;

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const refuse = (message: string): ZipRefusal => ({ rule: 'xlsx.too-large', message });

interface Entry {
  name: string;
  method: number;
  compressed: number;
  declared: number;
  localOffset: number;
}

/** The central directory's entries, or undefined when the bytes are not a ZIP archive we read. */
function centralDirectory(bytes: Buffer): Entry[] | ZipRefusal | undefined {
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= floor; i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = bytes.readUInt16LE(end + 10);
  const offset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    return refuse('the workbook is a ZIP64 archive (over 65,535 entries or 4 GiB): too large to read');
  }
  const entries: Entry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) return undefined;
    const nameLength = bytes.readUInt16LE(at + 28);
    entries.push({
      method: bytes.readUInt16LE(at + 10),
      compressed: bytes.readUInt32LE(at + 20),
      declared: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return entries;
}

/** The inflated size of a deflated entry, counted chunk by chunk; stops once past `limit`. */
function inflatedSize(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve) => {
    const inflater = createInflateRaw();
    let total = 0;
    let done = false;
    const finish = (size: number) => {
      if (done) return;
      done = true;
      inflater.destroy();
      resolve(size);
    };
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) finish(total);
    });
    inflater.on('end', () => finish(total));
    // A corrupt stream is the reader's to report (xlsx.unreadable); its size so far is all it has.
    inflater.on('error', () => finish(total));
    inflater.end(data);
  });
}

/**
 * Why a workbook must not be inflated, or undefined when it is within every limit (or is not a
 * ZIP archive at all, which the XLSX reader then reports as unreadable).
 */
export async function xlsxRefusal(
  bytes: Buffer,
  limits: XlsxLimits = XLSX_LIMITS,
): Promise<ZipRefusal | undefined> {
  if (bytes.length > limits.maxFileBytes) {
    return refuse(`the workbook is ${mib(bytes.length)}; the limit is ${mib(limits.maxFileBytes)}`);
  }
  const entries = centralDirectory(bytes);
  if (entries === undefined || !Array.isArray(entries)) return entries;
  if (entries.length > limits.maxEntries) {
    return refuse(`the workbook has ${entries.length} entries; the limit is ${limits.maxEntries}`);
  }
  let total = 0;
  for (const entry of entries) {
    const limit = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - total);
    // Past this size the entry is refused for its ratio: no need to inflate further.
    const ratioStop = Math.max(limits.ratioFloorBytes, entry.compressed * limits.maxRatio);
    let size = entry.declared;
    if (size <= limit && entry.method === 8) {
      if (entry.localOffset + 30 > bytes.length || bytes.readUInt32LE(entry.localOffset) !== LOCAL)
        return undefined;
      const start =
        entry.localOffset +
        30 +
        bytes.readUInt16LE(entry.localOffset + 26) +
        bytes.readUInt16LE(entry.localOffset + 28);
      const data = bytes.subarray(start, Math.min(bytes.length, start + entry.compressed));
      // The written size may lie: what counts is what the entry inflates to.
      size = Math.max(size, await inflatedSize(data, Math.min(limit, ratioStop)));
    }
    if (size > limits.maxEntryBytes) {
      return refuse(
        `entry ${entry.name} inflates to more than ${mib(limits.maxEntryBytes)} (the limit for one entry)`,
      );
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      return refuse(`the workbook inflates to more than ${mib(limits.maxTotalBytes)} (the limit)`);
    }
    const ratio = size / Math.max(1, entry.compressed);
    if (size > limits.ratioFloorBytes && ratio > limits.maxRatio) {
      return refuse(
        `entry ${entry.name} inflates ${Math.round(ratio)}× (${mib(size)} from ${entry.compressed} bytes); the limit is ${limits.maxRatio}×`,
      );
    }
  }
  return undefined;
}
