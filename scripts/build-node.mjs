// Bundles the main-process code, the preload and the headless CLI with esbuild into out/ (or
// the folder given with --out-dir, which tests use so they never touch the working tree's out/).
// The renderer is built separately (scripts/build-renderer.mjs). Native modules (keytar) and
// electron stay external. Files are written to a temporary name and renamed into place, so a
// process that is starting the CLI while it is rebuilt never loads a half-written bundle.
import { build } from 'esbuild';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'out' } } });
const outDir = path.resolve(values['out-dir']);

const external = ['electron', 'keytar'];
// Bundled CommonJS dependencies call require(); give ESM output a real one.
const esmBanner = {
  js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
};
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
  write: false,
};

const entries = [
  {
    entryPoints: ['electron/main.ts'],
    outfile: path.join(outDir, 'main/main.js'),
    format: 'esm',
    banner: esmBanner,
  },
  // Sandboxed preloads must be a single CommonJS file.
  {
    entryPoints: ['electron/preload.ts'],
    outfile: path.join(outDir, 'preload/preload.cjs'),
    format: 'cjs',
  },
  {
    entryPoints: ['electron/cli.ts'],
    outfile: path.join(outDir, 'cli/cli.js'),
    format: 'esm',
    banner: esmBanner,
  },
];

const results = await Promise.all(
  entries.filter((e) => existsSync(e.entryPoints[0])).map((e) => build({ ...common, ...e })),
);
for (const { outputFiles } of results) {
  // Source maps first, so a bundle never points at a map that is not there yet.
  const ordered = [...outputFiles].sort(
    (a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')),
  );
  for (const file of ordered) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
}
