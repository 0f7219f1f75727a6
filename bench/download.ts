// `npm run bench:download`: our `masv download <link>` against curl (one stream) and aria2c
// (-x8 -s8) fetching the same 2 GiB object from the local MASV storage in disk mode, into a file
// on the same disk. Prints figures and targets; asserts nothing.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientVersions, cleanEnv, masvCli, snapshotCli } from './lib/clients';
import {
  aria2cCase,
  curlCase,
  curlSyncCase,
  masvDownloadCase,
  sha256File,
} from './lib/download-cases';
import type { DownloadTarget } from './lib/download-cases';
import { startEmulatorChild } from './lib/emulator-child';
import { BenchApi } from './lib/masv-api';
import { requireGnuTime, run } from './lib/measure';
import {
  find,
  loadCaveat,
  machineLines,
  MEASUREMENT_NOTES,
  startupLine,
  targetLine,
  throughputColumns,
} from './lib/report';
import type { Summary } from './lib/results';
import { summarize } from './lib/results';
import { runCases } from './lib/runner';
import { benchRuns, envInt, envList, MiB } from './lib/stats';
import { failureNotes, markdownTable, ratio } from './lib/table';
import { describeBytes } from './lib/upload-cases';
import { createWorkspace, writeBigFile } from './lib/workspace';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT_MS = 30 * 60_000;

async function main(): Promise<void> {
  requireGnuTime();
  const runs = benchRuns();
  const bytes = envInt('BENCH_BIG_MIB', 2048) * MiB;
  const tls = process.env.BENCH_TLS === '1';
  const ws = createWorkspace('masv-bench-download');
  try {
    console.log('# Download benchmark\n');
    for (const l of machineLines(runs)) console.log(l);
    const source = path.join(ws.root, 'data', 'big.bin');
    mkdirSync(path.dirname(source), { recursive: true });
    console.error(`[download] writing a ${describeBytes(bytes)} file in ${ws.root}`);
    await writeBigFile(source, bytes);
    const sha256 = await sha256File(source);

    const emu = await startEmulatorChild({
      root: ROOT,
      dataDir: path.join(ws.root, 'emulator'),
      storageMode: 'disk',
      tls,
    });
    ws.onCleanup(() => emu.close());
    const work = path.join(ws.root, 'work');
    mkdirSync(work, { recursive: true });
    const snapshot = snapshotCli(ROOT, work);
    const cli = masvCli(snapshot.file, emu, work);
    const api = new BenchApi(
      emu.apiUrl,
      emu.caCertPath ? readFileSync(emu.caCertPath, 'utf8') : undefined,
    );
    ws.onCleanup(() => api.close());

    // The object is put in place once, by our CLI (a team upload that also makes a direct link).
    console.error('[download] uploading the object once with masv upload');
    const uploaded = await run(
      cli.command,
      [...cli.baseArgs, 'upload', source, '--name', 'bench-download', ...cli.serverArgs, '--json'],
      {
        env: cli.freshEnv(),
        timeoutMs: TIMEOUT_MS,
      },
    );
    const doc = JSON.parse(uploaded.trim().split('\n').pop() ?? '{}') as {
      ok?: boolean;
      linkUrl?: string;
    };
    if (doc.ok !== true || doc.linkUrl === undefined)
      throw new Error('masv upload gave no link for the download benchmark');
    const file = await api.openSingleFile(doc.linkUrl);

    console.log(
      `Storage: emulator in "disk" mode, data folder on the same disk as the downloads, ${tls ? 'HTTPS' : 'plain HTTP'} loopback; started as: ${emu.command}`,
    );
    console.log(
      `Object: one ${describeBytes(bytes)} file, uploaded once with masv upload; SHA-256 checked on each client's first run.`,
    );
    console.log(
      `masv build measured: ${snapshot.description} (run as \`node <copy>/cli.mjs\`, written \`masv\` below).`,
    );
    console.log(await startupLine(cli));
    console.log('Client versions:');
    for (const v of await clientVersions(
      cleanEnv(work),
      ['masv', 'node', 'curl', 'aria2c'],
      snapshot.file,
    ))
      console.log(`- ${v}`);

    const target: DownloadTarget = { bytes, sha256, outDir: path.join(ws.root, 'downloads') };
    // Extra masv rows with --concurrency N (none by default: one file uses at most 4 ranges, and
    // the default of 8 parts in flight already covers them).
    const extraConcurrency = envList('BENCH_DOWNLOAD_CONCURRENCY', []);
    const cases = [
      masvDownloadCase(cli, doc.linkUrl, target),
      ...extraConcurrency.map((c) => masvDownloadCase(cli, doc.linkUrl!, target, c)),
      curlCase(api, file, emu, target),
      curlSyncCase(api, file, emu, target),
      aria2cCase(api, file, emu, target),
    ];
    const rows = (
      await runCases(cases, {
        runs,
        serverCpuSeconds: emu.cpuSeconds,
        timeoutMs: TIMEOUT_MS,
        label: 'download',
        secrets: [emu.apiKey, emu.s3.secretAccessKey],
      })
    ).map(summarize);

    console.log(`\n## One ${describeBytes(bytes)} file (ratios vs curl; last column vs aria2c)\n`);
    const aria = find(rows, 'aria2c');
    const columns = [
      ...throughputColumns('bytes', 'curl'),
      {
        header: 'speed vs aria2c',
        numeric: true,
        cell: (r: Summary) => (aria ? ratio(r.mibPerSecond, aria.mibPerSecond) : 'n/a'),
      },
    ];
    console.log(markdownTable(rows, columns, 'curl'));
    const notes = failureNotes(rows);
    if (notes.length > 0) console.log(`\nFailures:\n${notes.join('\n')}`);
    console.log('\nCommands:');
    for (const c of cases) console.log(`- ${c.name}: \`${c.display}\``);
    console.log(
      '  (curl and aria2c get a fresh pre-signed URL from GET /v1/packages/{pid}/files/{fid}/download before each run, ' +
        'untimed; our CLI starts from the link and does those API calls itself, inside its time.)',
    );

    const ours = find(rows, 'masv (defaults)');
    const curl = find(rows, 'curl');
    if (ours && curl && aria) {
      console.log('\nTargets (from the issue; printed, not asserted):');
      console.log(targetLine('MiB/s ≥ curl', ours.mibPerSecond / curl.mibPerSecond, 1, 'at-least'));
      console.log(
        targetLine('MiB/s ≥ 1.5× aria2c', ours.mibPerSecond / aria.mibPerSecond, 1.5, 'at-least'),
      );
      console.log(targetLine('peak RSS < 200 MiB', ours.maxRssMiB, 200, 'below', ' MiB'));
    }

    console.log('\n## Notes\n');
    for (const l of MEASUREMENT_NOTES) console.log(l);
    console.log(
      'Between runs the downloaded file is deleted and `sync` flushes dirty pages (untimed); nothing is dropped from the ' +
        "page cache, so the emulator's stored object is warm in RAM for every client alike. Downloads land on the same " +
        'disk. Our CLI fdatasyncs what it has written (its resume journal only records bytes that are on disk), curl and ' +
        'aria2c do not; the "curl + sync FILE" row shows what that durability costs a plain client.',
    );
    console.log(loadCaveat());
  } finally {
    await ws.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(
    `bench:download failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  );
  process.exitCode = 1;
});
