// Builds the renderer when out/renderer is missing or older than its sources, so the end-to-end
// tests always drive the bundle a user would get (never a dev server).
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Newest modification time of any file under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  let max = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

export default function globalSetup(): void {
  const built = newest(join(root, 'out/renderer'));
  const sources = Math.max(newest(join(root, 'renderer')), newest(join(root, 'shared')));
  if (built > 0 && built >= sources) return;
  console.log('[e2e] building the renderer (out/renderer is missing or stale)');
  execFileSync('npm', ['run', '--silent', 'build:renderer'], { cwd: root, stdio: 'inherit' });
}
