// Holds the storage plane against two real S3 clients (rclone and aws-cli v2) using SigV4 header
// auth: multipart upload, ranged read, full download, listing. CI installs both tools; a missing
// tool is a failure, not a skip, so a broken image cannot pass silently.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultController } from './faults';
import { createRequestLog } from './request-log';
import { startStorageServer } from './storage/index';
import { ensureTls } from './tls';
import type { StorageServer } from './storage/index';
import type { S3Credentials } from './types';

const run = promisify(execFile);
const MiB = 1024 * 1024;
const CREDS: S3Credentials = {
  accessKeyId: 'AKIACONFORMANCE',
  secretAccessKey: 'conformance/secret+key',
  region: 'us-east-1',
};
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function findTool(name: string): Promise<string | undefined> {
  const { stdout } = await run('sh', ['-c', `command -v ${name} || true`]);
  return stdout.trim() || undefined;
}

/** The Debian aws-cli v2; an older pip-installed v1 often comes first on PATH. */
async function findAwsV2(): Promise<string | undefined> {
  const { stdout } = await run('sh', ['-c', 'which -a aws 2>/dev/null || true']);
  for (const candidate of ['/usr/bin/aws', ...stdout.split('\n').filter(Boolean)]) {
    const version = await run(candidate, ['--version']).then(
      (r) => r.stdout + r.stderr,
      () => '',
    );
    if (version.startsWith('aws-cli/2.')) return candidate;
  }
  return undefined;
}

describe('S3 conformance with real clients', () => {
  let server: StorageServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let data: Buffer;
  let rcloneConfig: string;
  const log = createRequestLog();
  const bucket = 'masv-emulator';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3-conformance-'));
    server = await startStorageServer({
      dataDir: join(dir, 'data'),
      mode: 'disk',
      port: 0,
      credentials: [CREDS],
      faults: createFaultController(),
      log,
    });
    data = randomBytes(20 * MiB + 12345);
    await writeFile(join(dir, 'src.bin'), data);
    // A clean environment: no AWS_* from the machine (a stray AWS_CA_BUNDLE or profile changes
    // how both clients behave) and a throwaway HOME for their caches.
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
    await writeFile(join(dir, 'empty'), '');
    await writeFile(
      join(dir, 'aws-config'),
      '[default]\ns3 =\n  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n',
    );
    Object.assign(env, {
      HOME: dir,
      AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
      AWS_DEFAULT_REGION: CREDS.region,
      AWS_CONFIG_FILE: join(dir, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'empty'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    });
    rcloneConfig = join(dir, 'rclone.conf');
    await writeFile(
      rcloneConfig,
      [
        '[emu]',
        'type = s3',
        'provider = Other',
        'env_auth = false',
        `access_key_id = ${CREDS.accessKeyId}`,
        `secret_access_key = ${CREDS.secretAccessKey}`,
        `region = ${CREDS.region}`,
        `endpoint = ${server.url}`,
        'force_path_style = true',
        'no_check_bucket = true',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Part numbers uploaded (200) for the one multipart upload the log shows completed. */
  const completedParts = (): number[] => {
    const done = log
      .entries()
      .filter((e) => e.route === 'storage:completeMultipart' && e.status === 200);
    expect(done).toHaveLength(1);
    return log
      .entries()
      .filter(
        (e) =>
          e.route === 'storage:uploadPart' && e.status === 200 && e.uploadId === done[0]!.uploadId,
      )
      .map((e) => e.partNumber ?? 0)
      .sort((x, y) => x - y);
  };

  it('rclone: multipart upload, ranged read, full download, listing', async () => {
    const rclone = await findTool('rclone');
    if (!rclone)
      throw new Error('rclone is not installed (apt-get install -y rclone); this test needs it');
    const r = (...args: string[]): Promise<{ stdout: string }> =>
      run(rclone, ['--config', rcloneConfig, ...args], {
        env,
        maxBuffer: 64 * MiB,
        timeout: 60_000,
        encoding: 'utf8',
      });
    log.clear();
    await r(
      'copyto',
      join(dir, 'src.bin'),
      `emu:${bucket}/rclone/src.bin`,
      '--s3-chunk-size',
      '5M',
      '--s3-upload-cutoff',
      '5M',
    );
    expect(completedParts()).toEqual([1, 2, 3, 4, 5]);
    expect(
      log
        .entries()
        .filter((e) => e.route === 'storage:uploadPart')
        .every((e) => e.bytes <= 5 * MiB),
    ).toBe(true);

    const offset = 5 * MiB - 1000;
    const ranged = await run(
      rclone,
      [
        '--config',
        rcloneConfig,
        'cat',
        '--offset',
        String(offset),
        '--count',
        '4000',
        `emu:${bucket}/rclone/src.bin`,
      ],
      {
        env,
        encoding: 'buffer',
        maxBuffer: 64 * MiB,
        timeout: 60_000,
      },
    );
    expect(sha256(ranged.stdout)).toBe(sha256(data.subarray(offset, offset + 4000)));
    expect(
      log
        .entries()
        .some(
          (e) =>
            e.route === 'storage:getObject' &&
            e.status === 206 &&
            e.range?.startsWith(`bytes=${offset}-`),
        ),
    ).toBe(true);

    await r('copyto', `emu:${bucket}/rclone/src.bin`, join(dir, 'rclone-back.bin'));
    expect(sha256(await readFile(join(dir, 'rclone-back.bin')))).toBe(sha256(data));
    const listing = await r('lsf', '-R', `emu:${bucket}`);
    expect(listing.stdout.split('\n')).toContain('rclone/src.bin');
  });

  it('aws-cli v2: multipart upload, ranged get-object, full download, listing', async () => {
    const aws = await findAwsV2();
    if (!aws)
      throw new Error(
        'aws-cli v2 is not installed (apt-get install -y awscli gives /usr/bin/aws 2.x); this test needs it',
      );
    const a = (...args: string[]): Promise<{ stdout: string }> =>
      run(aws, ['--endpoint-url', server.url, ...args], {
        env,
        maxBuffer: 64 * MiB,
        timeout: 60_000,
        encoding: 'utf8',
      });
    log.clear();
    await a('s3', 'cp', '--no-progress', join(dir, 'src.bin'), `s3://${bucket}/aws/src.bin`);
    expect(completedParts()).toEqual([1, 2, 3, 4, 5]);

    const head = JSON.parse(
      (await a('s3api', 'head-object', '--bucket', bucket, '--key', 'aws/src.bin')).stdout,
    ) as { ETag: string; ContentLength: number };
    expect(head.ContentLength).toBe(data.length);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-5"$/);

    const out = join(dir, 'aws-range.bin');
    const meta = JSON.parse(
      (
        await a(
          's3api',
          'get-object',
          '--bucket',
          bucket,
          '--key',
          'aws/src.bin',
          '--range',
          'bytes=10485000-10486999',
          out,
        )
      ).stdout,
    ) as { ContentRange: string };
    expect(meta.ContentRange).toBe(`bytes 10485000-10486999/${data.length}`);
    expect(sha256(await readFile(out))).toBe(sha256(data.subarray(10485000, 10487000)));

    await a('s3', 'cp', '--no-progress', `s3://${bucket}/aws/src.bin`, join(dir, 'aws-back.bin'));
    expect(sha256(await readFile(join(dir, 'aws-back.bin')))).toBe(sha256(data));
    const ls = await a('s3', 'ls', '--recursive', `s3://${bucket}/`);
    expect(ls.stdout).toContain(` ${data.length} aws/src.bin`);
  });

  it('both clients trust the generated CA over https, and refuse the server without it', async () => {
    const rclone = await findTool('rclone');
    const aws = await findAwsV2();
    if (!rclone || !aws) throw new Error('rclone and aws-cli v2 are both needed for this test');
    const tlsDir = join(dir, 'tls-data');
    const tls = await ensureTls(tlsDir);
    const secure = await startStorageServer({
      dataDir: tlsDir,
      mode: 'disk',
      port: 0,
      credentials: [CREDS],
      faults: createFaultController(),
      log: createRequestLog(),
      tls,
    });
    try {
      const small = data.subarray(0, 300_000);
      await writeFile(join(dir, 'small.bin'), small);
      const conf = join(dir, 'rclone-tls.conf');
      const base = await readFile(rcloneConfig, 'utf8');
      await writeFile(conf, base.replace(/^endpoint = .*$/m, `endpoint = ${secure.url}`));
      const opts = { env, maxBuffer: 64 * MiB, timeout: 60_000, encoding: 'utf8' as const };
      await run(
        rclone,
        [
          '--config',
          conf,
          '--ca-cert',
          tls.caCertPath,
          'copyto',
          join(dir, 'small.bin'),
          `emu:${bucket}/tls/r.bin`,
        ],
        opts,
      );
      const awsEnv = { ...env, AWS_CA_BUNDLE: tls.caCertPath };
      await run(
        aws,
        [
          '--endpoint-url',
          secure.url,
          's3',
          'cp',
          '--no-progress',
          `s3://${bucket}/tls/r.bin`,
          join(dir, 'tls-back.bin'),
        ],
        { ...opts, env: awsEnv },
      );
      expect(sha256(await readFile(join(dir, 'tls-back.bin')))).toBe(sha256(small));

      const refused = await run(
        aws,
        ['--endpoint-url', secure.url, 's3', 'ls', `s3://${bucket}/`],
        opts,
      ).then(
        () => 'accepted',
        (e: Error & { stderr?: string }) => e.stderr ?? e.message,
      );
      expect(refused).toMatch(
        /SSL validation failed|CERTIFICATE_VERIFY_FAILED|certificate verify failed/i,
      );
      const refusedRclone = await run(
        rclone,
        ['--config', conf, '--low-level-retries', '1', '--retries', '1', 'lsf', `emu:${bucket}`],
        opts,
      ).then(
        () => 'accepted',
        (e: Error & { stderr?: string }) => e.stderr ?? e.message,
      );
      expect(refusedRclone).toMatch(/certificate signed by unknown authority|x509/i);
    } finally {
      await secure.close();
    }
  });
});
