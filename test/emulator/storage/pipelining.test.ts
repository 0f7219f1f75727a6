// Two GETs sent back to back on one connection (HTTP/1.1 pipelining, which keep-alive clients
// get into when a new request leaves before the last response fully drained): the second
// response has no socket until the first one finishes. Serving it must neither throw nor cut
// the connection under the first response (seen as "other side closed" in a loaded test run).
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MiB, randomBuffer, startTestStorage } from './helpers';
import type { TestStorage } from './helpers';

let s: TestStorage | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** Splits raw HTTP/1.1 responses with Content-Length bodies: [status line, body] each. */
function responses(raw: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  let at = 0;
  while (at < raw.length) {
    const headEnd = raw.indexOf('\r\n\r\n', at);
    if (headEnd < 0) break;
    const head = raw.subarray(at, headEnd).toString('latin1');
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    out.push([head.split('\r\n')[0] ?? '', raw.subarray(headEnd + 4, headEnd + 4 + length)]);
    at = headEnd + 4 + length;
  }
  return out;
}

describe('storage GETs on one connection', () => {
  it('answers pipelined GETs in order, each body whole', async () => {
    s = await startTestStorage();
    const big = randomBuffer(8 * MiB);
    const small = randomBuffer(1000);
    await s.server.backend.putObject('pipe/big', big);
    await s.server.backend.putObject('pipe/small', small);
    const a = new URL(s.server.backend.presignGetObject('pipe/big').url);
    const b = new URL(s.server.backend.presignGetObject('pipe/small').url);
    const request = (u: URL, last: boolean): string =>
      `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\n${last ? 'Connection: close\r\n' : ''}\r\n`;

    const raw = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const sock = connect(Number(a.port), a.hostname, () => {
        // Both requests in one write: the second is parsed while the first body is streaming.
        sock.write(request(a, false) + request(b, true));
      });
      sock.on('data', (c: Buffer) => chunks.push(c));
      sock.on('end', () => resolve(Buffer.concat(chunks)));
      sock.on('error', reject);
    });

    const got = responses(raw);
    expect(got.map(([status]) => status)).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
    expect(got[0]![1].equals(big)).toBe(true);
    expect(got[1]![1].equals(small)).toBe(true);
  });
});
