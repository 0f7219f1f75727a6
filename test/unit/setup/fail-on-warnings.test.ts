import { describe, expect, it } from 'vitest';
import { failOnWarnings, withoutPrinting } from '../../setup/fail-on-warnings';

describe('the test run treats process warnings as failures', () => {
  it('a listener leak on an AbortSignal fails the test that caused it', async () => {
    const ac = new AbortController();
    await withoutPrinting(async () => {
      // Eleven listeners never removed: exactly what Node warns about at the default limit.
      for (let i = 0; i < 11; i++) ac.signal.addEventListener('abort', () => undefined);
      await expect(failOnWarnings()).rejects.toThrow(
        /MaxListenersExceededWarning: Possible EventTarget memory leak detected\. 11 abort listeners/,
      );
    });
    // The check forgets what it reported, so the next test starts clean.
    await expect(failOnWarnings()).resolves.toBeUndefined();
  });
});
