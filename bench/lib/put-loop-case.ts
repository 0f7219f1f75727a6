// The "plain Node PUT loop" row of bench:upload (bench/put-loop.ts): bundled once with esbuild
// into the work folder (untimed), then run as plain `node put-loop.mjs`, so the row measures
// the PUTs and not a TypeScript loader.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, shellQuote } from './clients';
import type { EmulatorChild } from './emulator-child';
import type { BenchCase } from './runner';

const SOURCE = fileURLToPath(new URL('../put-loop.ts', import.meta.url));

export async function bundlePutLoop(work: string): Promise<string> {
  const outfile = path.join(work, 'put-loop', 'put-loop.mjs');
  await build({
    entryPoints: [SOURCE],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require(); give ESM output a real one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return outfile;
}

export function putLoopCase(
  name: string,
  script: string,
  emu: EmulatorChild,
  work: string,
  source: string,
  bytes: number,
  s: { chunkMiB: number; concurrency: number },
): BenchCase {
  const args = [script, emu.apiUrl, emu.teamId, source, String(s.chunkMiB), String(s.concurrency)];
  return {
    name,
    display: `MASV_API_KEY=<demo key> node bench/put-loop.ts(bundled) ${shellQuote(args.slice(1))}`,
    bytes,
    files: 1,
    invocation: () => ({
      command: process.execPath,
      args,
      env: { ...cleanEnv(work), MASV_API_KEY: emu.apiKey },
    }),
    check: (m) => {
      const last = m.stdout.trim().split('\n').pop() ?? '';
      return last.includes(`"bytes":${bytes}`) ? undefined : `unexpected output: ${last}`;
    },
  };
}
