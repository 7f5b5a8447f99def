import { createHash } from 'node:crypto';
import type { Money, Party, PartyRef, PartyRoleId } from '@ggzy/domain';
import type { ContactPoint, Organization, OrganizationReference, Value } from './types.ts';

/**
 * 统一社会信用代码 as an OCDS identifier scheme. OCDS takes schemes from org-id.guide
 * (https://standard.open-contracting.org/1.1/en/schema/identifiers/#organization-ids);
 * `CN-USCI` ("Unified Social Credit Identifier", GB 32100-2015) is its list code for China's
 * unified social credit code. (`CN-USCC` is not on the list; a data-quality review flags it.)
 */
export const CREDIT_CODE_SCHEME = 'CN-USCI';

/**
 * Our party roles as OCDS partyRole codes (partyRole.csv, an open codelist; we use only its codes).
 * Watch the false friend: our `tenderer` is the 招标人, who buys — OCDS `buyer`; OCDS `tenderer`
 * is everyone who submits a tender, our `bidder`. The 招标代理 / 采购代理 manages the procurement
 * for the buyer: OCDS `procuringEntity` ("can be different from the buyer"). A 中标候选人 has bid
 * but is not yet awarded, so it is a `tenderer`; the winner becomes the `supplier`.
 * Roles of the land, mining and property domains and the 项目负责人 (a person, not a party of the
 * contracting process) have no OCDS role: such notices stay in the data-spec channel.
 */
export const ocdsPartyRoles: Record<PartyRoleId, readonly string[]> = {
  tenderer: ['buyer'],
  buyer: ['buyer'],
  agency: ['procuringEntity'],
  bidder: ['tenderer'],
  candidate: ['tenderer'],
  'consortium-member': ['tenderer'],
  winner: ['tenderer', 'supplier'],
  supplier: ['supplier'],
  transferor: [],
  transferee: [],
  evaluator: [],
  'project-manager': [],
};

/**
 * A party's id within the contracting process, the same on every release so that the identifier
 * merge joins a party's roles across stages: `CN-USCI-<code>` (the `{scheme}-{id}` form the
 * standard's guidance suggests) when it has a credit code, else a hash of its comparison name.
 */
export function partyId(party: { nameKey: string; creditCode?: string | undefined }): string {
  if (party.creditCode) return `${CREDIT_CODE_SCHEME}-${party.creditCode}`;
  return `name-${createHash('sha256').update(party.nameKey, 'utf8').digest('hex').slice(0, 16)}`;
}

export function refOf(party: PartyRef): OrganizationReference {
  return { id: partyId(party), name: party.name };
}

/**
 * Parties with their OCDS roles. Parties with none (a 项目负责人) are left out; a resident ID
 * never goes out (the policy's 去标识化), so a person carries no identifier.
 */
export function toParties(parties: readonly Party[], hasAgency: boolean): Organization[] {
  const out: Organization[] = [];
  for (const party of parties) {
    const roles = new Set(party.roles.flatMap((r) => ocdsPartyRoles[r.role]));
    // Without an agency the 招标人/采购人 runs the procedure itself (自行招标): it is both.
    if (!hasAgency && roles.has('buyer')) roles.add('procuringEntity');
    if (roles.size === 0) continue;
    const { creditCode } = party.identifiers;
    const org: Organization = {
      id: partyId({ nameKey: party.nameKey, creditCode }),
      name: party.name,
      roles: [...roles],
    };
    if (creditCode) org.identifier = { scheme: CREDIT_CODE_SCHEME, id: creditCode, legalName: party.name };
    if (party.address || party.region) {
      org.address = {
        ...(party.address ? { streetAddress: party.address } : {}),
        ...(party.region ? { region: party.region } : {}),
        countryName: '中国',
      };
    }
    const contactPoint = party.contact ? toContactPoint(party.contact) : undefined;
    if (contactPoint) org.contactPoint = contactPoint;
    out.push(org);
  }
  return out;
}

/**
 * A telephone number as notices print it: digits with area-code dashes, brackets, spaces, a
 * leading `+86`, an extension (转 / -), and `*` where a personal mobile was masked.
 */
const TELEPHONE =
  /(?:\+?86[-\s]?)?[(（]?\d[\d*]{1,4}[)）]?[-—\s]?\d[\d*\-—\s]{5,}\d(?:\s*(?:转|-|ext\.?)\s*\d{1,6})?/gu;

/**
 * 联系人 / 联系电话 as one published text (`party.contact`) split into OCDS's contactPoint: the
 * telephone numbers go to `telephone` (several joined with `、`), what is left — a person or a
 * department — to `name`. A number never lands in `name`.
 */
export function toContactPoint(contact: string): ContactPoint | undefined {
  const numbers = (contact.match(TELEPHONE) ?? []).map((n) => n.trim());
  const rest = contact
    .replace(TELEPHONE, ' ')
    .replace(/(?:联系)?(?:电话|手机|座机|tel|Tel|TEL)[:：]?/gu, ' ')
    .replace(/^[\s,，;；、:：/]+|[\s,，;；、:：/]+$/gu, '')
    .replace(/\s+/gu, ' ');
  const point: ContactPoint = {};
  if (rest && /\p{L}/u.test(rest)) point.name = rest.replace(/^联系人[:：]?\s*/u, '');
  if (numbers.length > 0) point.telephone = numbers.join('、');
  return point.name || point.telephone ? point : undefined;
}

/**
 * Money as an OCDS Value. OCDS amounts are JSON numbers in the major unit (元), so fen / 100:
 * IEEE division is correctly rounded, so for every safe-integer fen the result is the double
 * nearest the exact decimal and serialises as that decimal (`12345` → `123.45`); no float sums
 * are ever made on it.
 */
export function toValue(money: Money): Value {
  return { amount: money.fen / 100, currency: money.currency };
}
