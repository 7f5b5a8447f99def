import { isStrongCore, type LegalFamily, type NameView } from './name-view.ts';

/**
 * The subject index's storage: one slot per record, its parts in typed columns, its strings
 * interned (a million records share some 450,000 name cores, a few hundred regions and a handful
 * of legal forms), and postings as integers. Nothing here allocates per lookup: a check walks
 * integer chains and reads columns, and only the hits it returns become objects (match-party.ts).
 * Package-internal: the public face is `SubjectIndex`.
 */

/** Slot kinds. */
export const FREE = 0;
export const ORGANIZATION = 1;
export const PERSON = 2;

const NONE = -1;
/** Numbers per entry of a gram's postings: core id, its `charSet`, its length. */
export const POSTING = 3;

type Column = Int32Array<ArrayBuffer>;

function grow(column: Column, size: number, fill: number): Column {
  if (column.length >= size) return column;
  const next = new Int32Array(Math.max(size, column.length * 2, 16));
  next.set(column);
  if (fill !== 0) next.fill(fill, column.length);
  return next;
}

/** Strings by number; 0 stands for "absent". */
class Strings {
  readonly ids = new Map<string, number>();
  readonly texts: string[] = [''];

  id(text: string | undefined): number {
    if (text === undefined || text === '') return 0;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
    }
    return id;
  }

  text(id: number): string | undefined {
    return id === 0 ? undefined : this.texts[id];
  }
}

/** A key → slots map where almost every key has one slot (codes): the slot, or a list of them. */
class SlotMap {
  readonly map = new Map<string, number | number[]>();

  add(key: string, slot: number): void {
    const held = this.map.get(key);
    if (held === undefined) this.map.set(key, slot);
    else if (typeof held === 'number') this.map.set(key, [held, slot]);
    else held.push(slot);
  }

  remove(key: string, slot: number): void {
    const held = this.map.get(key);
    if (held === undefined) return;
    if (typeof held === 'number') {
      if (held === slot) this.map.delete(key);
      return;
    }
    const at = held.indexOf(slot);
    if (at >= 0) held.splice(at, 1);
    if (held.length === 1) this.map.set(key, held[0]!);
  }
}

function bigrams(text: string): string[] {
  const grams: string[] = [];
  for (let i = 0; i + 2 <= text.length; i++) {
    const gram = text.slice(i, i + 2);
    if (!grams.includes(gram)) grams.push(gram);
  }
  return grams;
}

/**
 * The characters of a text as 32 bits (bit `code unit % 32`). Texts one edit apart differ in at
 * most two bits (one character gone, one come), so more than two tells them apart unread.
 */
export function charSet(text: string): number {
  let bits = 0;
  for (let i = 0; i < text.length; i++) bits |= 1 << (text.charCodeAt(i) & 31);
  return bits;
}

/** Whether at most two bits differ between two `charSet`s. */
export function nearCharSets(a: number, b: number): boolean {
  let differ = a ^ b;
  differ &= differ - 1;
  differ &= differ - 1;
  return differ === 0;
}

/** 4405**********0014 → '0014'; '*' when the last four are not all visible. */
export function idTail(id: string): string {
  const tail = id.slice(-4);
  return /^[0-9X]{4}$/.test(tail) ? tail : '*';
}

/** What the store keeps of a record's codes (codes.ts `Codes`, valid ones only). */
export interface StoredCodes {
  creditCode?: string | undefined;
  /** A valid organization code other than the one inside the credit code. */
  organizationCode?: string | undefined;
}

export class SubjectStore<R> {
  /** Slots in use. */
  size = 0;
  /** The record in each slot (undefined when free). */
  readonly records: (R | undefined)[] = [];
  kind = new Uint8Array(0);
  readonly nameKeys: string[] = [];
  /** Organizations: interned name core, region, legal form and branch (0: none). */
  core = new Int32Array(0);
  region = new Int32Array(0);
  form = new Int32Array(0);
  branch = new Int32Array(0);
  readonly creditCodes: (string | undefined)[] = [];
  readonly organizationCodes: (string | undefined)[] = [];
  /** Slots of one core, doubly linked (head per core). */
  private coreNext = new Int32Array(0);
  private corePrev = new Int32Array(0);
  private readonly free: number[] = [];

  readonly cores = new Strings();
  /** Per core: length of its 字号 (name-view.ts `tradeName`), records holding it, first slot. */
  coreTrade = new Int32Array(0);
  coreRecords = new Int32Array(0);
  private coreStrongs = new Int32Array(0);
  private coreHead = new Int32Array(0);
  /** Per core: its bigrams, as a range of `coreGramIds` (cores of at least MIN_FUZZY_CORE). */
  private coreGramStart = new Int32Array(0);
  private coreGramCount = new Int32Array(0);
  private coreGramIds = new Int32Array(0);
  private coreGramUsed = 0;

  readonly regions = new Strings();
  /** Per region: its GB/T 2260 code (name-view.ts `regionCode`). */
  readonly regionCodes: (string | undefined)[] = [undefined];
  readonly forms = new Strings();
  readonly formFamilies: (LegalFamily | undefined)[] = [undefined];
  readonly branches = new Strings();

  readonly grams = new Strings();
  /**
   * Per gram: how many records' cores hold it (the posting size the cap is about), and which
   * cores, as POSTING numbers each (core, `charSet`, length): a lookup filters them in order,
   * reading a core's text only when it may be one edit away.
   */
  gramRecords = new Int32Array(0);
  readonly gramCores: Column[] = [new Int32Array(0)];
  gramCoreCount = new Int32Array(0);

  readonly byCreditCode = new SlotMap();
  readonly byOrganizationCode = new SlotMap();
  readonly byPerson = new SlotMap();
  readonly byPersonName = new SlotMap();

  constructor(private readonly minFuzzyCore: number) {}

  private slot(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const slot = this.records.length;
    const size = slot + 1;
    if (this.kind.length < size) {
      const kind = new Uint8Array(Math.max(size, this.kind.length * 2, 16));
      kind.set(this.kind);
      this.kind = kind;
    }
    this.core = grow(this.core, size, 0);
    this.region = grow(this.region, size, 0);
    this.form = grow(this.form, size, 0);
    this.branch = grow(this.branch, size, 0);
    this.coreNext = grow(this.coreNext, size, NONE);
    this.corePrev = grow(this.corePrev, size, NONE);
    this.records.push(undefined);
    this.nameKeys.push('');
    this.creditCodes.push(undefined);
    this.organizationCodes.push(undefined);
    return slot;
  }

  private coreId(view: NameView): number {
    const known = this.cores.ids.get(view.core);
    if (known !== undefined) return known;
    const id = this.cores.id(view.core);
    const size = id + 1;
    this.coreTrade = grow(this.coreTrade, size, 0);
    this.coreRecords = grow(this.coreRecords, size, 0);
    this.coreHead = grow(this.coreHead, size, NONE);
    this.coreGramStart = grow(this.coreGramStart, size, 0);
    this.coreGramCount = grow(this.coreGramCount, size, 0);
    this.coreTrade[id] = view.tradeName.length;
    this.coreStrongs = grow(this.coreStrongs, size, 0);
    this.coreStrongs[id] = isStrongCore(view) ? 1 : 0;
    if (view.core.length >= this.minFuzzyCore) {
      const chars = charSet(view.core);
      const grams = bigrams(view.core);
      this.coreGramIds = grow(this.coreGramIds, this.coreGramUsed + grams.length, 0);
      this.coreGramStart[id] = this.coreGramUsed;
      this.coreGramCount[id] = grams.length;
      for (const gram of grams) {
        const g = this.gramId(gram);
        this.coreGramIds[this.coreGramUsed++] = g;
        const n = this.gramCoreCount[g]!;
        let postings = this.gramCores[g]!;
        if (postings.length < (n + 1) * POSTING) {
          const next = new Int32Array(Math.max(4 * POSTING, postings.length * 2));
          next.set(postings);
          postings = next;
          this.gramCores[g] = next;
        }
        postings[n * POSTING] = id;
        postings[n * POSTING + 1] = chars;
        postings[n * POSTING + 2] = view.core.length;
        this.gramCoreCount[g] = n + 1;
      }
    }
    return id;
  }

  /** The id of a gram already in the store, creating it when `create`; undefined otherwise. */
  gramId(gram: string): number;
  gramId(gram: string, create: false): number | undefined;
  gramId(gram: string, create = true): number | undefined {
    const known = this.grams.ids.get(gram);
    if (known !== undefined || !create) return known;
    const id = this.grams.id(gram);
    this.gramRecords = grow(this.gramRecords, id + 1, 0);
    this.gramCoreCount = grow(this.gramCoreCount, id + 1, 0);
    this.gramCores.push(new Int32Array(0));
    return id;
  }

  private countGrams(core: number, delta: number): void {
    const start = this.coreGramStart[core]!;
    const end = start + this.coreGramCount[core]!;
    for (let i = start; i < end; i++) this.gramRecords[this.coreGramIds[i]!]! += delta;
  }

  addOrganization(record: R, view: NameView, codes: StoredCodes): number {
    const slot = this.slot();
    this.records[slot] = record;
    this.kind[slot] = ORGANIZATION;
    this.nameKeys[slot] = view.nameKey;
    const core = this.coreId(view);
    this.core[slot] = core;
    this.region[slot] = this.regions.id(view.region);
    if (this.regionCodes.length < this.regions.texts.length) this.regionCodes.push(view.regionCode);
    this.form[slot] = this.forms.id(view.legalForm);
    if (this.formFamilies.length < this.forms.texts.length) this.formFamilies.push(view.legalFamily);
    this.branch[slot] = this.branches.id(view.branch);
    this.creditCodes[slot] = codes.creditCode;
    this.organizationCodes[slot] = codes.organizationCode;
    if (codes.creditCode !== undefined) {
      this.byCreditCode.add(codes.creditCode, slot);
      this.byOrganizationCode.add(codes.creditCode.slice(8, 17), slot);
    }
    if (codes.organizationCode !== undefined) this.byOrganizationCode.add(codes.organizationCode, slot);
    const head = this.coreHead[core]!;
    this.coreNext[slot] = head;
    this.corePrev[slot] = NONE;
    if (head !== NONE) this.corePrev[head] = slot;
    this.coreHead[core] = slot;
    this.coreRecords[core]! += 1;
    this.countGrams(core, 1);
    this.size += 1;
    return slot;
  }

  addPerson(record: R, nameKey: string, maskedPersonId: string | undefined): number {
    const slot = this.slot();
    this.records[slot] = record;
    this.kind[slot] = PERSON;
    this.nameKeys[slot] = nameKey;
    this.byPerson.add(`${nameKey}|${idTail(maskedPersonId ?? '')}`, slot);
    this.byPersonName.add(nameKey, slot);
    this.size += 1;
    return slot;
  }

  /** Frees a slot; `maskedPersonId` is the person's, as it was added. */
  remove(slot: number, maskedPersonId: string | undefined): void {
    const nameKey = this.nameKeys[slot]!;
    if (this.kind[slot] === PERSON) {
      this.byPerson.remove(`${nameKey}|${idTail(maskedPersonId ?? '')}`, slot);
      this.byPersonName.remove(nameKey, slot);
    } else {
      const core = this.core[slot]!;
      const creditCode = this.creditCodes[slot];
      const organizationCode = this.organizationCodes[slot];
      if (creditCode !== undefined) {
        this.byCreditCode.remove(creditCode, slot);
        this.byOrganizationCode.remove(creditCode.slice(8, 17), slot);
      }
      if (organizationCode !== undefined) this.byOrganizationCode.remove(organizationCode, slot);
      const next = this.coreNext[slot]!;
      const prev = this.corePrev[slot]!;
      if (prev === NONE) this.coreHead[core] = next;
      else this.coreNext[prev] = next;
      if (next !== NONE) this.corePrev[next] = prev;
      this.coreRecords[core]! -= 1;
      this.countGrams(core, -1);
    }
    this.records[slot] = undefined;
    this.kind[slot] = FREE;
    this.nameKeys[slot] = '';
    this.creditCodes[slot] = undefined;
    this.organizationCodes[slot] = undefined;
    this.free.push(slot);
    this.size -= 1;
  }

  /** name-view.ts `isStrongCore` of a stored core. */
  coreStrong(core: number): boolean {
    return this.coreStrongs[core] === 1;
  }

  /** The first slot of a core's records, NONE (-1) when none; then `nextOfCore`. */
  firstOfCore(core: number): number {
    return this.coreHead[core] ?? NONE;
  }

  nextOfCore(slot: number): number {
    return this.coreNext[slot]!;
  }

  /** The parts of a stored organization's name, as `nameView` gave them. */
  view(slot: number): NameView {
    return this.viewOf(
      this.nameKeys[slot]!,
      this.core[slot]!,
      this.region[slot]!,
      this.form[slot]!,
      this.branch[slot]!,
    );
  }

  /** A name view from its interned parts (they stay valid when the slot is reused). */
  viewOf(nameKey: string, coreId: number, region: number, form: number, branchId: number): NameView {
    const core = this.cores.texts[coreId]!;
    const trade = this.coreTrade[coreId]!;
    const view: NameView = {
      nameKey,
      core,
      tradeName: core.slice(0, trade),
      industry: core.slice(trade),
      headKey: nameKey,
    };
    if (region !== 0) {
      view.region = this.regions.texts[region]!;
      const code = this.regionCodes[region];
      if (code !== undefined) view.regionCode = code;
    }
    if (form !== 0) {
      view.legalForm = this.forms.texts[form]!;
      const family = this.formFamilies[form];
      if (family !== undefined) view.legalFamily = family;
    }
    const branch = this.branches.text(branchId);
    if (branch !== undefined) {
      view.branch = branch;
      view.headKey = nameKey.slice(0, -branch.length);
    }
    return view;
  }
}
