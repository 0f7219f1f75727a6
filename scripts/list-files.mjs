// Prints every file under a folder as "relative-path size mtime", sorted (nothing when the folder
// does not exist). scripts/test.sh compares two of these to prove a run left out/ untouched; it is
// Node rather than find(1) so that it behaves the same on macOS and Git Bash.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? '.');
const lines = [];
function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) walk(file);
    else {
      const st = statSync(file);
      lines.push(`${path.relative(root, file)} ${st.size} ${st.mtimeMs}`);
    }
  }
}
walk(root);
if (lines.length > 0) console.log(lines.sort().join('\n'));
