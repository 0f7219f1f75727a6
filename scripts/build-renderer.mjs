// Builds the renderer with Vite as a production bundle into out/renderer (or --out-dir DIR).
// NODE_ENV is forced to production: under a test runner it is "test", and Vite would then bundle
// React's development build. The result is checked, so a development bundle can never pass for
// the one users get.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

process.env.NODE_ENV = 'production';
const { build } = await import('vite');

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { 'out-dir': { type: 'string', default: path.join(root, 'out', 'renderer') } },
});
const outDir = path.resolve(values['out-dir']);

await build({
  configFile: path.join(root, 'renderer', 'vite.config.ts'),
  mode: 'production',
  logLevel: 'warn',
  build: { outDir, emptyOutDir: true },
});

// React's production build replaces its error texts with this; the development build never has it.
const assets = path.join(outDir, 'assets');
const bundles = readdirSync(assets).filter((f) => f.endsWith('.js'));
const production = bundles.some((f) =>
  readFileSync(path.join(assets, f), 'utf8').includes('Minified React error'),
);
if (!production) {
  console.error(`build-renderer: ${outDir} is not a production build of React`);
  process.exit(1);
}
