#!/usr/bin/env node
// The `masv` command: the headless CLI on the same engine as the desktop app.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/cli/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('masv: the CLI is not built yet; run `npm run build:node` in the project folder.');
  process.exit(70);
}
await import(pathToFileURL(cli).href);
