import { describe, expect, it } from 'vitest';
import { exportProgressLine } from './export-stream.ts';

describe('the export progress line', () => {
  it('shows the share of the window written, the counts and the rate', () => {
    const line = exportProgressLine('ocds', 12_345, 50_000, 2_000);
    expect(line).toContain(' 24%');
    expect(line).toContain('12,345 / 50,000 versions');
    expect(line).toContain('6,173/s');
  });

  it('is full for an empty window, and never past 100%', () => {
    expect(exportProgressLine('dataspec', 0, 0, 10)).toContain('100%');
    expect(exportProgressLine('dataspec', 7, 5, 10)).toContain('100%');
  });
});
