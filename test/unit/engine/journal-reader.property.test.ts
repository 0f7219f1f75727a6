// Property tests (fast-check) of the journal reader: whatever bytes a crash, a bad disk or another
// program leaves, reading never throws, and what it returns is the records as written up to the
// damage (the last good state). On disk, opening cuts the damage off so later appends are read.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intactPrefix, journalPath, openJournal } from '../../../electron/engine/journal';

type Rec = Record<string, unknown>;

/** Records as journals hold them: JSON objects with a kind and some fields. */
const record: fc.Arbitrary<Rec> = fc.record({
  t: fc.constantFrom('header', 'part', 'file', 'state', 'range'),
  i: fc.nat(10_000),
  e: fc.string({ maxLength: 40 }),
  s: fc.option(fc.nat(), { nil: undefined }),
  u: fc.option(fc.string({ unit: 'grapheme', maxLength: 8 }), { nil: undefined }),
});
const records = fc.array(record, { maxLength: 30 });

const encode = (rs: Rec[]): Buffer => Buffer.from(rs.map((r) => `${JSON.stringify(r)}\n`).join(''));
/** JSON round trip: what a record reads back as (undefined fields vanish). */
const asRead = (rs: Rec[]): unknown[] => rs.map((r) => JSON.parse(JSON.stringify(r)) as unknown);
/** Byte offset where each record's line ends (after its newline). */
function lineEnds(rs: Rec[]): number[] {
  let at = 0;
  return rs.map((r) => (at += Buffer.byteLength(`${JSON.stringify(r)}\n`)));
}

describe('journal reader (properties)', () => {
  it('arbitrary bytes: never throws, returns only objects, and stops inside the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const buf = Buffer.from(bytes);
        const { records: out, end } = intactPrefix(buf);
        expect(end).toBeGreaterThanOrEqual(0);
        expect(end).toBeLessThanOrEqual(buf.length);
        for (const r of out)
          expect(typeof r === 'object' && r !== null && !Array.isArray(r)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('truncated anywhere: exactly the records whose line was whole', () => {
    fc.assert(
      fc.property(records, fc.nat(), (rs, k) => {
        const buf = encode(rs);
        const cut = buf.length === 0 ? 0 : k % (buf.length + 1);
        const whole = lineEnds(rs).filter((e) => e <= cut).length;
        const { records: out, end } = intactPrefix(buf.subarray(0, cut));
        expect(out).toEqual(asRead(rs).slice(0, whole));
        expect(end).toBe(whole === 0 ? 0 : lineEnds(rs)[whole - 1]);
      }),
    );
  });

  it('one byte corrupted: every record before the damaged line reads back as written', () => {
    fc.assert(
      fc.property(
        records.filter((rs) => rs.length > 0),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (rs, p, byte) => {
          const buf = Buffer.from(encode(rs));
          const at = p % buf.length;
          buf[at] = byte;
          const damagedLine = lineEnds(rs).findIndex((e) => at < e);
          const { records: out } = intactPrefix(buf);
          expect(out.slice(0, damagedLine)).toEqual(asRead(rs).slice(0, damagedLine));
          // Never more records than lines in the file.
          expect(out.length).toBeLessThanOrEqual(buf.toString('latin1').split('\n').length);
        },
      ),
    );
  });

  it('garbage appended: every record written before it reads back as written', () => {
    fc.assert(
      fc.property(records, fc.uint8Array({ minLength: 1, maxLength: 300 }), (rs, junk) => {
        const { records: out } = intactPrefix(Buffer.concat([encode(rs), Buffer.from(junk)]));
        expect(out.slice(0, rs.length)).toEqual(asRead(rs));
      }),
    );
  });
});

describe('journal files (properties, real files)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'journal-prop-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('opening cuts a damaged tail back to the last good record; appends after it read back', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        records.filter((rs) => rs.length > 0),
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.nat(),
        async (rs, junk, k) => {
          const id = `P${n++}`;
          const buf = encode(rs);
          // Either truncated inside the records or garbage appended after them.
          const damaged =
            k % 2 === 0 ? buf.subarray(0, k % buf.length) : Buffer.concat([buf, Buffer.from(junk)]);
          await writeFile(journalPath(dir, id), damaged);
          const before = intactPrefix(damaged).records;
          const j = await openJournal<Rec>(dir, id);
          try {
            const read = await j.read();
            expect(read).toEqual(before);
            if (read.length === 0) return; // a damaged first record is left for the manager
            await j.append({ t: 'after', i: 1, e: '' });
            expect(await j.read()).toEqual([...before, { t: 'after', i: 1, e: '' }]);
            const text = await readFile(journalPath(dir, id), 'utf8');
            expect(text.endsWith('\n')).toBe(true);
          } finally {
            await j.remove();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
