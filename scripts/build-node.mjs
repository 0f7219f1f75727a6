// Bundles the main-process code, the preload and the headless CLI with esbuild into out/.
// The renderer is built separately by Vite. Native modules (keytar) and electron stay external.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const external = ['electron', 'keytar'];
// Bundled CommonJS dependencies call require(); give ESM output a real one.
const esmBanner = {
  js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
};
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, external, logLevel: 'warning' };

const entries = [
  { entryPoints: ['electron/main.ts'], outfile: 'out/main/main.js', format: 'esm', banner: esmBanner },
  // Sandboxed preloads must be a single CommonJS file.
  { entryPoints: ['electron/preload.ts'], outfile: 'out/preload/preload.cjs', format: 'cjs' },
  { entryPoints: ['electron/cli.ts'], outfile: 'out/cli/cli.js', format: 'esm', banner: esmBanner },
];

await Promise.all(
  entries.filter((e) => existsSync(e.entryPoints[0])).map((e) => build({ ...common, ...e })),
);
