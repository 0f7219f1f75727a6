// Builds the production renderer into a folder of this run (never the working tree's out/,
// which belongs to the user's `npm run build`), so the end-to-end tests always drive the bundle
// a user would get. scripts/build-renderer.mjs refuses a development build of React. Workers
// inherit MASV_E2E_RENDERER_OUT; the folder is removed when the run ends.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default function globalSetup(): () => void {
  if (process.env.MASV_E2E_RENDERER_OUT) return () => undefined;
  const dir = mkdtempSync(join(tmpdir(), 'masv-e2e-renderer-'));
  execFileSync(process.execPath, ['scripts/build-renderer.mjs', '--out-dir', dir], {
    cwd: root,
    stdio: 'inherit',
  });
  process.env.MASV_E2E_RENDERER_OUT = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
