import {
  type NoticeInput,
  normalizeCompanyName,
  type Party,
  type PartyRef,
  type PartyRole,
  type PartyRoleId,
  partyRoleAliases,
  partyRoleIds,
} from '@ggzy/domain';
import { parseRank } from './quantity.ts';
import {
  type Problems,
  readCreditCode,
  readOrganizationCode,
  readPersonId,
  readRegion,
  readText,
} from './values.ts';

type PartyInput = NonNullable<NoticeInput['parties']>[number];
type CandidateInput = NonNullable<NoticeInput['candidates']>[number];

/** What the evaluator aliases say an intermediary evaluates (审计机构 → audit). */
const EVALUATES_BY_ALIAS: Record<string, 'audit' | 'valuation'> = {
  审计机构: 'audit',
  评估机构: 'valuation',
};

function roleId(name: string): PartyRoleId | undefined {
  return (partyRoleIds as readonly string[]).includes(name) ? (name as PartyRoleId) : partyRoleAliases[name];
}

function sameRole(a: PartyRole, b: PartyRole): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The parties of one notice, keyed by `nameKey`: the listed parties first, in input order, then
 * those that only a stage field names (a candidate, a contract's 乙方), added as they are met.
 * Stage fields point at parties through `ref`, which keeps the canonical rule of notice.ts —
 * every party a stage field names is listed in `parties` — true by construction.
 */
export class PartyBook {
  private readonly parties: Party[] = [];
  private readonly byKey = new Map<string, Party>();

  constructor(
    private readonly p: Problems,
    private readonly now: Date | undefined,
  ) {}

  /** Reads the listed parties; `candidates` give the 排序 of a candidate party that states none. */
  addListed(
    inputs: readonly PartyInput[],
    candidates: readonly CandidateInput[],
    hints: readonly string[],
  ): void {
    inputs.forEach((input, i) => {
      const path = `parties[${i}]`;
      const name = input.name.trim();
      const nameKey = normalizeCompanyName(name);
      const roles = this.roles(path, input, nameKey, candidates);
      const personId = readPersonId(this.p, `${path}.personId`, input.personId, this.now);
      const kind =
        input.kind ??
        (personId !== undefined || roles.every((r) => r.role === 'project-manager')
          ? 'person'
          : 'organization');
      const identifiers: Party['identifiers'] = {};
      const creditCode = readCreditCode(this.p, `${path}.creditCode`, input.creditCode);
      const organizationCode = readOrganizationCode(
        this.p,
        `${path}.organizationCode`,
        input.organizationCode,
      );
      if (creditCode !== undefined) identifiers.creditCode = creditCode;
      if (organizationCode !== undefined) identifiers.organizationCode = organizationCode;
      if (personId !== undefined) identifiers.personId = personId;
      const region = readRegion(this.p, `${path}.region`, input.region, { required: false, hints });
      const party: Party = { name, nameKey, kind, identifiers, roles };
      if (region !== undefined) party.region = region;
      const address = readText(input.address);
      const contact = readText(input.contact);
      if (address !== undefined) party.address = address;
      if (contact !== undefined) party.contact = contact;
      const phone = readText(input.phone);
      const email = readText(input.email);
      if (phone !== undefined) party.phone = phone;
      if (email !== undefined) party.email = email;
      if (input.ownership !== undefined) party.ownership = input.ownership;
      if (input.certificates?.length) party.certificates = input.certificates.map(certificate);
      const known = this.byKey.get(nameKey);
      if (known) {
        this.p.warn(
          path,
          'party-merged',
          `'${name}' is listed twice; its roles are merged into one party`,
          name,
        );
        for (const role of roles) if (!known.roles.some((r) => sameRole(r, role))) known.roles.push(role);
        this.mergeIdentifiers(path, known, identifiers);
        return;
      }
      this.byKey.set(nameKey, party);
      this.parties.push(party);
    });
  }

  private roles(
    path: string,
    input: PartyInput,
    nameKey: string,
    candidates: readonly CandidateInput[],
  ): PartyRole[] {
    const lot = input.lotCode?.trim() ? { lotCode: input.lotCode.trim() } : {};
    const out: PartyRole[] = [];
    input.roles.forEach((alias) => {
      const role = roleId(alias);
      let read: PartyRole | undefined;
      if (role === 'candidate') {
        const listed = candidates.find((c) => normalizeCompanyName(c.name) === nameKey);
        const rank = parseRank(input.rank ?? listed?.rank ?? '');
        if (rank === undefined) {
          this.p.reject(
            `${path}.rank`,
            'party.rank-missing',
            'a candidate (中标候选人) needs its rank 排序: set rank',
            input.rank,
          );
        } else read = { role, ...lot, rank };
      } else if (role === 'consortium-member') {
        const consortium = readText(input.consortium);
        if (consortium === undefined) {
          this.p.reject(
            `${path}.consortium`,
            'party.consortium-missing',
            'a consortium member needs the consortium name (联合体名称)',
          );
        } else read = { role, ...lot, consortium, lead: input.lead ?? false };
      } else if (role === 'evaluator') {
        read = { role, ...lot, evaluates: input.evaluates ?? EVALUATES_BY_ALIAS[alias] ?? 'other' };
      } else if (role !== undefined) read = { role, ...lot };
      if (read && !out.some((r) => sameRole(r, read))) out.push(read);
    });
    return out;
  }

  private mergeIdentifiers(path: string, party: Party, ids: Party['identifiers']): void {
    for (const key of ['creditCode', 'organizationCode', 'personId'] as const) {
      const next = ids[key];
      if (next === undefined) continue;
      const held = party.identifiers[key];
      if (held === undefined) party.identifiers[key] = next;
      else if (held !== next) {
        this.p.reject(
          `${path}.${key}`,
          'party.identifier-conflict',
          `'${party.name}' is given two different ${key}s: ${held} and ${next}`,
          next,
        );
      }
    }
  }

  /**
   * A stage field's reference to a party by name: the party is looked up by `nameKey`, given
   * `role` if it lacks it, or added (with a `party-added` warning) if no party of that name is
   * listed. A credit code on the stage field must agree with the party's.
   */
  ref(
    path: string,
    name: string,
    creditCodeText: string | undefined,
    role: PartyRole,
    codePath = `${path.replace(/\.name$/, '')}.creditCode`,
  ): PartyRef {
    const published = name.trim();
    const nameKey = normalizeCompanyName(published);
    const creditCode = readCreditCode(this.p, codePath, creditCodeText);
    let party = this.byKey.get(nameKey);
    if (!party) {
      party = { name: published, nameKey, kind: 'organization', identifiers: {}, roles: [] };
      this.byKey.set(nameKey, party);
      this.parties.push(party);
      this.p.warn(
        path,
        'party-added',
        `'${published}' is not listed in parties; added as ${role.role}`,
        published,
      );
    }
    if (!party.roles.some((r) => sameRole(r, role) || (r.role === role.role && r.lotCode === role.lotCode))) {
      party.roles.push(role);
    }
    if (creditCode !== undefined) this.mergeIdentifiers(codePath, party, { creditCode });
    const code = party.identifiers.creditCode;
    return code === undefined ? { name: published, nameKey } : { name: published, nameKey, creditCode: code };
  }

  list(): Party[] {
    return this.parties;
  }
}

export function certificate(input: { name: string; number?: string | undefined }): {
  name: string;
  number?: string;
} {
  const number = readText(input.number);
  return number === undefined ? { name: input.name.trim() } : { name: input.name.trim(), number };
}
