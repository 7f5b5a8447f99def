import { type NoticeDraft, noticeSchema } from '@ggzy/domain';
import { constructionFixtures, org } from '@ggzy/domain/fixtures';
import { describe, expect, it } from 'vitest';
import type { DataSpecContext } from './dataspec/context.ts';
import { toDataSpec } from './dataspec/to-dataspec.ts';
import { isOcdsNotice, toRelease } from './ocds/release.ts';

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
    const text = JSON.stringify(toRelease(notice, { ocidPrefix: 'ocds-ggzy01' }));
    expect(text).not.toContain(MOBILE);
    expect(text).not.toContain(RESIDENT_ID);
    expect(text).toContain('赵老师 150****0585；0755-29849282');
  });

  it('nor do data-spec messages', () => {
    const messages = toDataSpec(notice, { context, version: 1 });
    const text = JSON.stringify(messages);
    expect(messages.length).toBeGreaterThan(0);
    expect(text).not.toContain(MOBILE);
    expect(text).not.toContain(RESIDENT_ID);
    expect(text).toContain('150****0585');
  });

  it('leaves the notice it was given whole', () => {
    expect(JSON.stringify(notice)).toContain(MOBILE);
  });
});
