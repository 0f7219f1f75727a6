// Hostile input at the app's front door. Random and malformed payloads to every invoke channel
// of the real core (through the handler registry) give typed refusals, never a throw or an
// unhandled rejection, and change nothing; random and crafted links handed over from outside
// never start a transfer or throw.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_INVOKE_CHANNELS, type InvokeChannel } from '../../../shared/ipc/channels';
import { invokeContract } from '../../../shared/ipc/contract';
import { startCore, type CoreHarness } from './core-harness';

let h: CoreHarness;
beforeAll(async () => {
  h = await startCore();
  await h.call('account:sign-in', { method: 'api-key', apiKey: h.emu.demo.apiKey });
});
afterAll(() => h.close());

/** Everything a payload could change, read from the outside. */
function state(): string {
  const read = (f: string) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return '';
    }
  };
  return JSON.stringify({
    transfers: h.core.list(),
    staging: h.core.staging.snapshot(),
    account: h.core.account.get(),
    settings: read(h.core.settings.path),
    history: read(h.paths.historyFile),
    opened: h.opened,
    copied: h.copied,
    shown: h.shown,
  });
}

/** Values of every shape, including ones that look like the real inputs. */
const payload = fc.oneof(
  fc.anything({ withBigInt: false, withMap: true, withSet: true, withDate: true }),
  fc.record({ id: fc.anything() }),
  fc.record({ token: fc.string(), password: fc.anything() }),
  fc.record({ paths: fc.array(fc.anything()) }),
  fc.record({ patch: fc.dictionary(fc.string(), fc.anything()) }),
  fc.record({ destination: fc.dictionary(fc.string(), fc.anything()) }),
  fc.record({ method: fc.constantFrom('api-key', 'password', 'x'), apiKey: fc.anything() }),
  fc.record({ text: fc.anything(), kind: fc.anything() }),
);

describe('IPC fuzzing', () => {
  it.each([...ALL_INVOKE_CHANNELS] as InvokeChannel[])(
    '%s refuses what breaks its schema and changes nothing',
    async (channel) => {
      const schema = invokeContract[channel].input;
      await fc.assert(
        fc.asyncProperty(payload, async (input) => {
          // Inputs that happen to be valid are not what this test is about.
          fc.pre(!schema.safeParse(input).success);
          const before = state();
          const result = await h.raw(channel, input);
          expect(result).toEqual({
            ok: false,
            error: { code: 'bad-input', message: `Invalid input for ${channel}.` },
          });
          expect(state()).toBe(before);
        }),
        { numRuns: 150, seed: 42 },
      );
    },
  );
});

describe('deep-link fuzzing', () => {
  const crafted = fc.oneof(
    fc.string(),
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc
      .tuple(
        fc.constantFrom('masv://', 'https://', 'http://', 'MASV://', 'masv:', 'file://'),
        fc.constantFrom(
          'get.massive.app',
          'get.massive.io',
          '127.0.0.1:9',
          'evil.example',
          'get.massive.app.evil.example',
          'user:pw@get.massive.app',
          '',
        ),
        fc.string(),
        fc.string(),
      )
      .map(([scheme, host, path, secret]) => `${scheme}${host}/${path}?secret=${secret}`),
  );

  it('never throws and never starts a transfer', () => {
    const pushesBefore = h.pushes.length;
    const before = h.core.list().length;
    fc.assert(
      fc.property(crafted, (text) => {
        expect(() => h.core.links.accept(text)).not.toThrow();
        expect(() => h.core.links.acceptArgv(['--flag', text])).not.toThrow();
        expect(h.core.list()).toHaveLength(before);
      }),
      { numRuns: 500, seed: 7 },
    );
    // Whatever was accepted only offered a link to the window.
    expect(h.pushes.slice(pushesBefore).every((p) => p.channel === 'links:link-opened')).toBe(true);
  });
});
