import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isProcessAlive } from './process.ts';

describe('isProcessAlive', () => {
  it('knows this process, and a process that has ended', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const ended = spawnSync('true');
    expect(isProcessAlive(ended.pid ?? -1)).toBe(false);
  });

  it('never answers true for pids that address groups or init', () => {
    for (const pid of [0, -1, -process.pid, 1, Number.NaN, 1.5]) expect(isProcessAlive(pid)).toBe(false);
  });
});
