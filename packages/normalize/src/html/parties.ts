import type { NoticeInput } from '@ggzy/domain';

type PartyInput = NonNullable<NoticeInput['parties']>[number];
type Role = PartyInput['roles'][number];

/**
 * Collects the parties a page names, one entry per name (compared without spaces), with every
 * role it holds: the winner of a procurement was also a bidder and a candidate.
 */
export class PartyList {
  private readonly byKey = new Map<string, PartyInput>();

  add(name: string, role: Role, details: Omit<Partial<PartyInput>, 'name' | 'roles'> = {}): void {
    const key = name.replace(/[\s\u00a0\u3000]+/gu, '');
    if (key === '') return;
    const existing = this.byKey.get(key);
    if (!existing) {
      this.byKey.set(key, { name, roles: [role], ...definedOnly(details) });
      return;
    }
    if (!existing.roles.includes(role)) existing.roles.push(role);
    for (const [field, value] of Object.entries(definedOnly(details))) {
      const record = existing as Record<string, unknown>;
      if (record[field] === undefined) record[field] = value;
    }
  }

  list(): PartyInput[] {
    return [...this.byKey.values()];
  }
}

export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== ''),
  ) as Partial<T>;
}
