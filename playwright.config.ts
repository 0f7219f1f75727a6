// End-to-end tests: the BUILT renderer in Debian's Chromium (no browser download on these
// machines), talking to the real services and the MASV emulator over a loopback WebSocket.
// See test/e2e/harness.ts.
import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

/**
 * Linux (these machines, CI): Debian's Chromium, since no browser can be downloaded here.
 * macOS and Windows: Playwright's own build (`npx playwright install chromium`, see README).
 */
function chromiumPath(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const path = execFileSync('sh', ['-c', 'command -v chromium || true'], {
    encoding: 'utf8',
  }).trim();
  if (path === '')
    throw new Error('Debian chromium is not installed (apt-get install -y chromium)');
  return path;
}

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/global-setup.ts',
  workers: 1,
  retries: 0,
  timeout: 30_000,
  // Sixteen-plus journeys that move real bytes on a shared 2-core machine take about 3–5 minutes.
  globalTimeout: 600_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  outputDir: 'test-results',
  reporter: [['list'], ['json', { outputFile: 'playwright-report/results.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
  },
});
