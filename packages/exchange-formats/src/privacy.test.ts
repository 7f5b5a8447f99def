import { type NoticeDraft, noticeSchema, projectKey } from '@ggzy/domain';
import { constructionFixtures, org } from '@ggzy/domain/fixtures';
import { describe, expect, it } from 'vitest';
import type { DataSpecContext } from './dataspec/context.ts';
import { toDataSpec } from './dataspec/to-dataspec.ts';
import { isOcdsNotice, ocidFor, toRelease } from './ocds/release.ts';

const MOBILE = '15013470585';
const RESIDENT_ID = '440524199001010018';
const context: DataSpecContext = { noticeMedia: '', bulletinDuty: '', examiner: '', operator: '', codes: {} };

/** A tender announcement whose 招标人 gives a personal mobile, and whose body names a person by ID. */
function withPersonalData() {
  const draft = constructionFixtures['tender-announcement'] as NoticeDraft;
  const parties = (draft.parties ?? []).map((party) =>
    party.roles?.some((r) => r.role === 'tenderer')
      ? { ...party, contact: `赵老师 ${MOBILE}；0755-29849282` }
      : party,
  );
  const manager = {
    ...org('李建国', [{ role: 'project-manager' }]),
    kind: 'person' as const,
    identifiers: { personId: RESIDENT_ID },
  };
  return noticeSchema.parse({
    ...draft,
    parties: [...parties, manager],
    body: `项目负责人李建国（身份证号${RESIDENT_ID}），联系电话${MOBILE}。`,
  });
}

describe('what the national platform gets', () => {
  const notice = withPersonalData();

  it('a release carries no personal mobile or resident ID whole', () => {
    if (!isOcdsNotice(notice)) throw new Error('expected an OCDS notice');
    const release = toRelease(notice, { ocidPrefix: 'ocds-ggzy01' });
    const text = JSON.stringify(release);
    expect(text).not.toContain(MOBILE);
    expect(text).not.toContain(RESIDENT_ID);
    // 联系人 and 联系电话, split: the masked mobile and the office line are telephones, not a name.
    expect(release.parties?.[0]?.contactPoint).toEqual({
      name: '赵老师',
      telephone: '150****0585、0755-29849282',
    });
  });

  it('nor do data-spec messages', () => {
    const messages = toDataSpec(notice, { context, version: 1 });
    const text = JSON.stringify(messages);
    expect(messages.length).toBeGreaterThan(0);
    expect(text).not.toContain(MOBILE);
    expect(text).not.toContain(RESIDENT_ID);
    expect(text).toContain('150****0585');
  });

  it('keeps the identities a receiver joins on: ocid, tender id, project key', () => {
    // A 16-digit project code reads like an account number in free text; as a code it stays.
    const numeric = noticeSchema.parse({
      ...withPersonalData(),
      project: { ...notice.project, projectCode: '4403002025000123' },
    });
    if (!isOcdsNotice(numeric)) throw new Error('expected an OCDS notice');
    const release = toRelease(numeric, { ocidPrefix: 'ocds-ggzy01' });
    expect(release.ocid).toBe(ocidFor(numeric.project, 'ocds-ggzy01'));
    expect(release.tender?.id).toBe(projectKey(numeric.project));
    for (const message of toDataSpec(numeric, { context, version: 1 }))
      expect(message.projectKey).toBe(projectKey(numeric.project));
  });

  it('leaves the notice it was given whole', () => {
    expect(JSON.stringify(notice)).toContain(MOBILE);
  });
});
