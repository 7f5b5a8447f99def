import { type Field, fieldOf } from './labels.ts';
import { isHeading, type Page } from './page.ts';

/** One `label：value` found on the page, with the field its label names. */
export interface Pair {
  field: Field;
  priority: number;
  label: string;
  value: string;
  heading: string;
}

const LEADING_NUMBER =
  /^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}(?:[.．、](?!\d)|[)）])|[①-⑳])\s*/u;
/** A label then a colon (full or half width), with any spaces between. */
const LABEL_COLON = /^([^：:]{1,24}?)\s*[：:]\s*(.*)$/u;
/** Where a second `label：` starts inside a value: after a space or a separator. */
const NEXT_LABEL = /[\s；;，,]+([^\s：:；;，,]{2,16})\s*[：:]/gu;

/** Every labelled value on the page: from `label：value` lines, label-only lines, and label/value cells of tables. */
export function findPairs(page: Page): Pair[] {
  const pairs: Pair[] = [];
  page.grids.forEach((grid) => {
    for (const row of grid.rows) {
      const cells = row.filter((c, i) => i === 0 || c !== row[i - 1]);
      for (let i = 0; i + 1 < cells.length; i++) {
        const label = cells[i]!;
        const value = cells[i + 1]!;
        const found = fieldOf(label, grid.heading);
        if (!found || value === '' || fieldOf(value, grid.heading)) continue;
        pairs.push({ ...found, label, value, heading: grid.heading });
        i++;
      }
    }
  });
  const { lines } = page;
  lines.forEach((line, index) => {
    const text = line.text.replace(LEADING_NUMBER, '');
    const colon = LABEL_COLON.exec(text);
    if (colon) {
      const [, label = '', rest = ''] = colon;
      if (rest !== '') {
        for (const pair of splitPairs(label, rest, line.heading)) pairs.push(pair);
        return;
      }
    }
    // A heading or `label：` alone: the value is the next line (七、评审委员会成员名单 / 张茂霞、彭安轩…).
    const label = colon?.[1] ?? (isHeading(line.text) ? text : undefined);
    const found = label === undefined ? undefined : fieldOf(label, line.heading);
    const next = lines[index + 1];
    if (
      label !== undefined &&
      found &&
      next &&
      !next.cell &&
      !isHeading(next.text) &&
      !LABEL_COLON.test(next.text)
    ) {
      pairs.push({ ...found, label, value: next.text, heading: line.heading });
      return;
    }
    // `项目编号 LHACG2025000057`: a known label, white space, the value.
    const spaced = /^(\S{2,16})\s+(.+)$/u.exec(text);
    const spacedField = spaced ? fieldOf(spaced[1]!, line.heading) : undefined;
    if (spaced && spacedField)
      pairs.push({ ...spacedField, label: spaced[1]!, value: spaced[2]!, heading: line.heading });
  });
  return pairs;
}

/** `联系人：张工 联系电话：0755-…` → two pairs; unknown labels stay part of the value before them. */
function splitPairs(firstLabel: string, rest: string, heading: string): Pair[] {
  const cuts: { at: number; end: number; label: string }[] = [];
  for (const m of rest.matchAll(NEXT_LABEL)) {
    if (fieldOf(m[1]!, heading)) cuts.push({ at: m.index, end: m.index + m[0].length, label: m[1]! });
  }
  const pairs: Pair[] = [];
  let label = firstLabel;
  let from = 0;
  for (const cut of [...cuts, { at: rest.length, end: rest.length, label: '' }]) {
    const value = rest.slice(from, cut.at).trim();
    const found = fieldOf(label, heading);
    if (found && value !== '') pairs.push({ ...found, label, value, heading });
    label = cut.label;
    from = cut.end;
  }
  return pairs;
}

/** The values of pairs, grouped by field, in page order. */
export class PairIndex {
  private readonly byField = new Map<Field, Pair[]>();

  constructor(pairs: readonly Pair[]) {
    for (const pair of pairs) {
      const list = this.byField.get(pair.field) ?? [];
      list.push(pair);
      this.byField.set(pair.field, list);
    }
  }

  /** The value of the highest-priority label; the first on the page among equals. */
  best(field: Field): string | undefined {
    const list = this.byField.get(field);
    if (!list || list.length === 0) return undefined;
    let best = list[0]!;
    for (const pair of list) if (pair.priority > best.priority) best = pair;
    return best.value;
  }

  all(field: Field): Pair[] {
    return this.byField.get(field) ?? [];
  }

  /** Distinct values in page order (for contacts, where each printed number is worth keeping). */
  distinct(field: Field): string[] {
    return [...new Set(this.all(field).map((p) => p.value))];
  }
}
