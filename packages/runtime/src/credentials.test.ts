import { describe, expect, it } from 'vitest';
import { presentedKey } from './credentials.ts';

describe('presentedKey', () => {
  it('reads a bearer key or an X-Api-Key; no header at all is no credential', () => {
    expect(presentedKey({})).toBeUndefined();
    expect(presentedKey({ authorization: 'Bearer abc-123' })).toBe('abc-123');
    expect(presentedKey({ authorization: 'bearer   abc-123  ' })).toBe('abc-123');
    expect(presentedKey({ 'x-api-key': ' abc ' })).toBe('abc');
    expect(presentedKey({ authorization: '', 'x-api-key': 'abc' })).toBe('abc');
  });

  it('calls an empty bearer, another scheme or an empty X-Api-Key malformed', () => {
    expect(presentedKey({ authorization: 'Bearer ' })).toBe('malformed');
    expect(presentedKey({ authorization: 'Bearer' })).toBe('malformed');
    expect(presentedKey({ authorization: 'Basic dXNlcjpwYXNz' })).toBe('malformed');
    expect(presentedKey({ authorization: 'Bearer a b' })).toBe('malformed');
    expect(presentedKey({ 'x-api-key': '' })).toBe('malformed');
    expect(presentedKey({ 'x-api-key': ['a', 'b'] })).toBe('malformed');
  });
});
