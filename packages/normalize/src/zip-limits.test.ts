import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { creditFromXlsx } from './credit/tabular.ts';
import { XLSX_LIMITS, xlsxRefusal } from './zip-limits.ts';

/** A ZIP archive of deflated entries, written by hand so an entry's written size can lie. */
function zip(entries: { name: string; data: Buffer; declared?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, declared } of entries) {
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(declared ?? data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(declared ?? data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const zeros = (mib: number) => Buffer.alloc(mib * 1024 * 1024);

describe('XLSX limits (zip bombs)', () => {
  it('passes an ordinary workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('名单').addRow(['统一社会信用代码', '名称']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await xlsxRefusal(bytes)).toBeUndefined();
  });

  it('refuses an entry that inflates far beyond its compressed size, without inflating it all', async () => {
    // 100 MiB of zeros deflate to ~100 KB (the bomb inflated 1 MB to 1 GiB); its written
    // size is under the entry limit, so the ratio refuses it, once 1 MiB × 200 has been inflated.
    const bomb = zip([{ name: 'xl/sharedStrings.xml', data: zeros(100) }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const refusal = await xlsxRefusal(bomb);
    expect(refusal).toMatchObject({ rule: 'xlsx.too-large' });
    expect(refusal?.message).toMatch(/xl\/sharedStrings\.xml inflates \d+×/);
  });

  it('does not trust the sizes the archive writes: a bomb that claims 1 KB is inflated and counted', async () => {
    const liar = zip([{ name: 'xl/worksheets/sheet1.xml', data: zeros(300), declared: 1024 }]);
    expect(await xlsxRefusal(liar)).toMatchObject({ rule: 'xlsx.too-large' });
  });

  it('refuses by entry size, total size and entry count', async () => {
    const limits = { ...XLSX_LIMITS, maxEntryBytes: 1000, maxTotalBytes: 1500, maxEntries: 3 };
    const text = (n: number) => Buffer.from('x'.repeat(n));
    expect((await xlsxRefusal(zip([{ name: 'a', data: text(1001) }]), limits))?.message).toMatch(
      /entry a inflates to more than/,
    );
    expect(
      (
        await xlsxRefusal(
          zip([
            { name: 'a', data: text(900) },
            { name: 'b', data: text(900) },
          ]),
          limits,
        )
      )?.message,
    ).toMatch(/the workbook inflates to more than/);
    const four = ['a', 'b', 'c', 'd'].map((name) => ({ name, data: text(1) }));
    expect((await xlsxRefusal(zip(four), limits))?.message).toMatch(/has 4 entries; the limit is 3/);
  });

  it('reports the refusal as a file failure of the import, not a crash', async () => {
    const bomb = zip([{ name: 'xl/sharedStrings.xml', data: zeros(300) }]);
    const results = [];
    for await (const result of creditFromXlsx(bomb, {} as never)) results.push(result);
    expect(results).toMatchObject([{ ok: false, errors: [{ path: 'file', rule: 'xlsx.too-large' }] }]);
  });
});
