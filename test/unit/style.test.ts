import { describe, expect, it } from 'vitest';
import { makeStyle } from '../../src/cli/render/style.js';

describe('color policy', () => {
  it('colors only on a TTY and never with NO_COLOR or TERM=dumb', () => {
    expect(makeStyle(true, {}).level).toBeGreaterThan(0);
    expect(makeStyle(false, {}).level).toBe(0);
    expect(makeStyle(true, { NO_COLOR: '1' }).level).toBe(0);
    expect(makeStyle(true, { TERM: 'dumb' }).level).toBe(0);
  });
});
