import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { createShutdown } from './shutdown.ts';

const log = createLogger({ level: 'silent', pretty: false });

function started(clock: { ms: number }) {
  const exits: number[] = [];
  let release: () => void = () => {};
  const shutdown = createShutdown({
    log,
    timeoutMs: 60_000,
    signals: ['SIGUSR2'],
    exit: (code) => exits.push(code),
    now: () => clock.ms,
  });
  shutdown.add('slow resource', () => new Promise<void>((resolve) => (release = resolve)));
  return { shutdown, exits, release: () => release() };
}

describe('graceful shutdown', () => {
  it('takes a signal repeated at once (a launcher relaying Ctrl-C) as the same request', async () => {
    const clock = { ms: 1_000 };
    const { shutdown, exits, release } = started(clock);
    process.emit('SIGUSR2', 'SIGUSR2');
    clock.ms += 30;
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(exits).toEqual([]);
    release();
    await shutdown.done;
    expect(exits).toEqual([]);
  });

  it('exits at once on a second signal sent later', async () => {
    const clock = { ms: 1_000 };
    const { shutdown, exits, release } = started(clock);
    process.emit('SIGUSR2', 'SIGUSR2');
    clock.ms += 2_000;
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(exits).toEqual([1]);
    release();
    await shutdown.done;
  });
});
