import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

const MOBILE = '15013470585';
const RESIDENT_ID = '440524199001010018';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger({ level: 'trace', destination });
  return { log, text: () => lines.join('') };
}

describe('log lines', () => {
  it('mask personal data in fields, error messages and stacks, and messages', () => {
    const { log, text } = capture();
    log.warn({ contact: `赵老师 ${MOBILE}`, nested: { ids: [RESIDENT_ID] } }, `refused: ${MOBILE}`);
    const cause = new Error(`duplicate key (person_id)=(${RESIDENT_ID})`);
    log.error({ err: new Error(`insert of ${MOBILE} failed`, { cause }) }, 'insert failed');
    log.info('%s called %s', '采购人', MOBILE);
    const out = text();
    expect(out).not.toContain(MOBILE);
    expect(out).not.toContain(RESIDENT_ID);
    expect(out).toContain('150****0585');
    expect(out).toContain('4405**********0018');
    expect(out).toContain('insert failed');
  });

  it('leave record bodies and credentials out', () => {
    const { log, text } = capture();
    log.info({ noticeId: 'n_1', notice: { title: '空调采购', contact: '林先生' } }, 'stored');
    log.info(
      { batch: { payload: { releases: [] } }, req: { headers: { authorization: 'Bearer k' } } },
      'sent',
    );
    const lines = text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ noticeId: 'n_1', notice: '[redacted]', msg: 'stored' });
    expect(lines[1]).toMatchObject({
      batch: { payload: '[redacted]' },
      req: { headers: { authorization: '[redacted]' } },
    });
  });

  it('keep what is not personal data as it is', () => {
    const { log, text } = capture();
    const at = new Date('2025-05-27T12:20:00Z');
    log.info({ creditCode: '91440300MA5G7Q1P0T', phone: '0755-23338582', lag: 42, at }, 'ok');
    expect(JSON.parse(text())).toMatchObject({
      creditCode: '91440300MA5G7Q1P0T',
      phone: '0755-23338582',
      lag: 42,
      at: at.toISOString(),
    });
  });
});
