// `npm run bench:upload`: our `masv upload` against aws-cli v2, rclone and a plain Node PUT
// loop, all sending to the same local MASV storage (discard mode, loopback), the big file once
// more against a `sink` storage that hashes nothing (so the storage's MD5 does not cap every
// client), then a chunk-size × concurrency sweep of our CLI to pick its defaults. Prints figures
// and targets; asserts nothing.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SETTINGS } from '../electron/services/settings';
import { clientVersions, cleanEnv, masvCli, snapshotCli, rcloneConfigArgs } from './lib/clients';
import { startEmulatorChild } from './lib/emulator-child';
import { requireGnuTime } from './lib/measure';
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
import type { BenchCase } from './lib/runner';
import { benchRuns, envInt, envList, MiB } from './lib/stats';
import { failureNotes, markdownTable } from './lib/table';
import { awsUploadCase, describeBytes, masvUploadCase, rcloneUploadCase } from './lib/upload-cases';
import type { PeerSettings } from './lib/upload-cases';
import { bundlePutLoop, putLoopCase } from './lib/put-loop-case';
import { printSweep } from './lib/sweep';
import { createWorkspace, writeBigFile, writeSmallFiles } from './lib/workspace';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What aws-cli and rclone get: 64 MiB parts, 8 in flight (aws's default is 8 MiB × 10, rclone's 5 MiB × 4). */
const PEER: PeerSettings = {
  chunkMiB: envInt('BENCH_PEER_CHUNK_MIB', 64),
  concurrency: envInt('BENCH_PEER_CONCURRENCY', 8),
};
const TIMEOUT_MS = 30 * 60_000;

async function main(): Promise<void> {
  requireGnuTime();
  const runs = benchRuns();
  const bigBytes = envInt('BENCH_BIG_MIB', 2048) * MiB;
  // BENCH_SMALL_FILES=0 skips the small-files case (envInt only takes positive numbers).
  const smallCount = process.env.BENCH_SMALL_FILES === '0' ? 0 : envInt('BENCH_SMALL_FILES', 2000);
  const smallSize = envInt('BENCH_SMALL_KIB', 64) * 1024;
  const tls = process.env.BENCH_TLS === '1';
  const ws = createWorkspace('masv-bench-upload');
  try {
    console.log('# Upload benchmark\n');
    for (const l of machineLines(runs)) console.log(l);
    const big = path.join(ws.root, 'data', 'big.bin');
    const small = path.join(ws.root, 'data', 'small');
    mkdirSync(path.dirname(big), { recursive: true });
    console.error(
      `[upload] writing ${describeBytes(bigBytes)} test file and ${smallCount} × ${smallSize / 1024} KiB files in ${ws.root}`,
    );
    await writeBigFile(big, bigBytes);
    if (smallCount > 0) await writeSmallFiles(small, smallCount, smallSize);

    const emu = await startEmulatorChild({
      root: ROOT,
      dataDir: path.join(ws.root, 'emulator'),
      storageMode: 'discard',
      tls,
    });
    ws.onCleanup(() => emu.close());
    // A second service whose storage only counts bytes: the clients' own cost, without the
    // 1.3–2 CPU-s/GiB of MD5 that `discard` spends per body on this 2-core machine.
    const sink = await startEmulatorChild({
      root: ROOT,
      dataDir: path.join(ws.root, 'emulator-sink'),
      storageMode: 'sink',
      tls,
    });
    ws.onCleanup(() => sink.close());
    const work = path.join(ws.root, 'work');
    mkdirSync(work, { recursive: true });
    const snapshot = snapshotCli(ROOT, work);
    const cli = masvCli(snapshot.file, emu, work);
    const sinkCli = masvCli(snapshot.file, sink, work, 'masv-home-sink');
    const rclone = rcloneConfigArgs(work, emu);
    const sinkRclone = rcloneConfigArgs(work, sink);
    const putLoop = await bundlePutLoop(work);
    const opts = {
      runs,
      serverCpuSeconds: emu.cpuSeconds,
      timeoutMs: TIMEOUT_MS,
      secrets: [emu.apiKey, emu.s3.secretAccessKey, sink.apiKey, sink.s3.secretAccessKey],
    };

    console.log(
      `Storage: emulator in "discard" mode on ${tls ? 'HTTPS' : 'plain HTTP'} loopback (${emu.storageUrl}); started as: ${emu.command}`,
    );
    console.log(
      `Second storage for the sink table: emulator in "sink" mode (${sink.storageUrl}); started as: ${sink.command}`,
    );
    console.log(
      `Data: one ${describeBytes(bigBytes)} file (a random 1 MiB block repeated, each copy stamped with its offset); ${smallCount} files of ${smallSize / 1024} KiB.`,
    );
    console.log(
      `masv build measured: ${snapshot.description} (run as \`node <copy>/cli.mjs\`, written \`masv\` below).`,
    );
    console.log(await startupLine(cli));
    console.log('Client versions:');
    for (const v of await clientVersions(
      cleanEnv(work),
      ['masv', 'node', 'aws', 'rclone'],
      snapshot.file,
    ))
      console.log(`- ${v}`);

    const bigCases = [
      masvUploadCase('masv (defaults)', cli, big, bigBytes, 1),
      // Diagnostic: how much of our CPU is the per-part MD5 that checks each ETag.
      masvUploadCase('masv (integrityCheck on)', cli, big, bigBytes, 1, {
        settings: { integrityCheck: true },
      }),
      awsUploadCase('aws-cli', work, emu, big, bigBytes, 1, PEER),
      rcloneUploadCase('rclone', work, rclone, emu, big, bigBytes, 1, PEER),
      putLoopCase('plain Node PUT loop', putLoop, emu, work, big, bigBytes, PEER),
    ];
    const bigRows = (await runCases(bigCases, { ...opts, label: 'upload big' })).map(summarize);
    const sinkCases = [
      masvUploadCase('masv (defaults)', sinkCli, big, bigBytes, 1),
      awsUploadCase('aws-cli', work, sink, big, bigBytes, 1, PEER),
      rcloneUploadCase('rclone', work, sinkRclone, sink, big, bigBytes, 1, PEER),
      putLoopCase('plain Node PUT loop', putLoop, sink, work, big, bigBytes, PEER),
    ];
    const sinkRows = (
      await runCases(sinkCases, {
        ...opts,
        serverCpuSeconds: sink.cpuSeconds,
        label: 'upload big (sink)',
      })
    ).map(summarize);

    const smallBytes = smallCount * smallSize;
    /** masv and rclone on the small files; rclone copies under `prefix` (it skips what exists). */
    const smallPair = (prefix: string): BenchCase[] => [
      masvUploadCase('masv (defaults)', cli, small, smallBytes, smallCount),
      rcloneUploadCase('rclone', work, rclone, emu, small, smallBytes, smallCount, PEER, prefix),
    ];
    const smallCases =
      smallCount === 0
        ? []
        : [
            ...smallPair('rclone-small'),
            awsUploadCase('aws-cli', work, emu, small, smallBytes, smallCount, PEER),
          ];
    const smallRows = (await runCases(smallCases, { ...opts, label: 'upload small' })).map(
      summarize,
    );
    // The same small files with a WAN-like delay on every request of both planes: what the
    // per-file round trips (five for MASV, one or more for S3) cost when they are not free.
    const latencyMs =
      smallCount === 0 || process.env.BENCH_LATENCY_MS === '0' ? 0 : envInt('BENCH_LATENCY_MS', 20);
    let latencyRows: Summary[] = [];
    const latencyCases = latencyMs === 0 ? [] : smallPair('rclone-small-latency');
    if (latencyCases.length > 0) {
      await setFaults(emu.apiUrl, {
        rules: [{ route: '*', rate: 1, action: { kind: 'latency', ms: latencyMs } }],
      });
      try {
        latencyRows = (
          await runCases(latencyCases, { ...opts, label: `upload small +${latencyMs} ms` })
        ).map(summarize);
      } finally {
        await setFaults(emu.apiUrl, null);
      }
    }

    console.log(`\n## One ${describeBytes(bigBytes)} file (ratios vs aws-cli)\n`);
    console.log(markdownTable(bigRows, throughputColumns('bytes', 'aws-cli'), 'aws-cli'));
    printFailures(bigRows);
    console.log('\nCommands:');
    for (const c of bigCases) console.log(`- ${c.name}: \`${c.display}\``);
    printBigTargets(bigRows);

    console.log(
      `\n## One ${describeBytes(bigBytes)} file, \`sink\` storage: no hashing by the storage (ratios vs aws-cli)\n`,
    );
    console.log(
      'Same file and clients against a second emulator started with `--storage-mode sink`: bodies are counted and ' +
        'dropped, nothing is hashed or verified, ETags are synthetic. This shows what each client costs and can ' +
        'reach when the storage is not the ceiling; it is not a correctness check.\n',
    );
    console.log(markdownTable(sinkRows, throughputColumns('bytes', 'aws-cli'), 'aws-cli'));
    printFailures(sinkRows);
    console.log('\nCommands (sink):');
    for (const c of sinkCases) console.log(`- ${c.name}: \`${c.display}\``);
    printBigTargets(sinkRows);

    if (smallCases.length > 0) {
      console.log(`\n## ${smallCount} files of ${smallSize / 1024} KiB (ratios vs rclone)\n`);
      console.log(markdownTable(smallRows, throughputColumns('files', 'rclone'), 'rclone'));
      printFailures(smallRows);
      console.log('\nCommands:');
      for (const c of smallCases) console.log(`- ${c.name}: \`${c.display}\``);
      printSmallTargets(smallRows);
    }

    if (latencyRows.length > 0) {
      console.log(
        `\n## ${smallCount} files of ${smallSize / 1024} KiB, ${latencyMs} ms added to every request (ratios vs rclone)\n`,
      );
      console.log(
        `The same files against the same service with a fault rule that delays every request of both planes by ${latencyMs} ms ` +
          '(`{"route":"*","rate":1,"action":{"kind":"latency","ms":' +
          String(latencyMs) +
          '}}`), as a network round trip would. Not an issue target; it shows where the per-file round trips go.\n',
      );
      console.log(markdownTable(latencyRows, throughputColumns('files', 'rclone'), 'rclone'));
      printFailures(latencyRows);
      console.log('\nCommands: as in the section above (rclone into its own prefix).');
    }

    if (process.env.BENCH_SWEEP !== '0') {
      await printSweep({
        cli,
        source: big,
        bytes: bigBytes,
        defaults: {
          chunkMiB: DEFAULT_SETTINGS.chunkSizeBytes / MiB,
          concurrency: DEFAULT_SETTINGS.partConcurrency,
        },
        chunksMiB: envList('BENCH_SWEEP_CHUNKS_MIB', [16, 32, 64, 100]),
        concurrencies: envList('BENCH_SWEEP_CONCURRENCY', [4, 8, 16]),
        runner: opts,
      });
    }

    console.log('\n## Notes\n');
    for (const l of MEASUREMENT_NOTES) console.log(l);
    console.log(
      `Peers: aws-cli and rclone get ${PEER.chunkMiB} MiB parts and ${PEER.concurrency} requests in flight (set in the commands above); ` +
        'everything else is their default. ' +
        (tls
          ? 'Over HTTPS aws-cli sends Content-MD5 per part; '
          : "Over plain HTTP aws-cli signs each part's SHA-256 (and the emulator checks it); ") +
        "rclone hashes the whole file (MD5) before a multipart upload; our CLI checks each part's MD5 against its ETag " +
        'only with the setting integrityCheck (off by default; the "integrityCheck on" row). All of that is in the CPU figures.',
    );
    console.log(
      '"plain Node PUT loop" (bench/put-loop.ts, bundled once and run with node): create package, add file, ' +
        `${PEER.chunkMiB} MiB parts from a 1 MiB-buffered file stream, ${PEER.concurrency} PUTs in flight on undici, ` +
        'finalize; no journal, retries, hashing or progress. It marks what the storage lets a Node client reach.',
    );
    console.log(
      'The source files are warm in the page cache for every client alike (written just before).',
    );
    console.log(loadCaveat());
  } finally {
    await ws.cleanup();
  }
}

function printFailures(rows: readonly Summary[]): void {
  const notes = failureNotes(rows);
  if (notes.length > 0) console.log(`\nFailures:\n${notes.join('\n')}`);
}

function printBigTargets(rows: readonly Summary[]): void {
  const ours = find(rows, 'masv (defaults)');
  const aws = find(rows, 'aws-cli');
  if (!ours || !aws) return;
  console.log('\nTargets (from the issue; printed, not asserted):');
  console.log(
    targetLine('big file MiB/s ≥ 3× aws-cli', ours.mibPerSecond / aws.mibPerSecond, 3, 'at-least'),
  );
  console.log(
    targetLine(
      'CPU per GiB ≤ 1/4 of aws-cli (ratio ≤ 0.25)',
      ours.cpuSecondsPerGiB / aws.cpuSecondsPerGiB,
      0.25,
      'at-most',
    ),
  );
  console.log(targetLine('peak RSS < 200 MiB', ours.maxRssMiB, 200, 'below', ' MiB'));
}

function printSmallTargets(rows: readonly Summary[]): void {
  const ours = find(rows, 'masv (defaults)');
  const rclone = find(rows, 'rclone');
  if (!ours || !rclone) return;
  console.log('\nTargets (from the issue; printed, not asserted):');
  console.log(
    targetLine(
      'small files files/s ≥ rclone',
      ours.filesPerSecond / rclone.filesPerSecond,
      1,
      'at-least',
    ),
  );
  console.log(targetLine('peak RSS < 200 MiB', ours.maxRssMiB, 200, 'below', ' MiB'));
}

main().catch((err: unknown) => {
  console.error(
    `bench:upload failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  );
  process.exitCode = 1;
});

/** Sets (or with null clears) the service's fault configuration through its admin route. */
async function setFaults(apiUrl: string, config: Record<string, unknown> | null): Promise<void> {
  const res = await fetch(new URL('/_emulator/faults', apiUrl), {
    method: config === null ? 'DELETE' : 'PUT',
    headers: { 'content-type': 'application/json' },
    ...(config === null ? {} : { body: JSON.stringify(config) }),
  });
  if (!res.ok) throw new Error(`setting faults on the service failed: HTTP ${res.status}`);
  await res.arrayBuffer();
}
