// The "plain Node PUT loop" baseline of bench:upload: the least a Node client can do to upload
// one file through MASV's blueprints (create package, add file, execute the create blueprint,
// PUT each part's pre-signed URL with N in flight, finalize). No journal, no retries, no
// hashing, no progress: it shows the storage's ceiling for a Node client, not a product.
// Bundled once by bench/lib/put-loop-case.ts and run as `node put-loop.mjs`, so its CPU is not
// tsx's. Usage: MASV_API_KEY=… node put-loop.mjs <api-url> <team-id> <file> <chunk-MiB> <in-flight>
import { createReadStream, statSync } from 'node:fs';
import { Agent, request } from 'undici';

interface Blueprint {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

const [apiUrl, teamId, file, chunkArg, flightArg] = process.argv.slice(2);
const apiKey = process.env.MASV_API_KEY ?? '';
const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 30_000 });

async function api(path: string, headers: Record<string, string>, json: unknown): Promise<any> {
  const res = await request(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(json),
    dispatcher,
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`POST ${path} answered ${res.statusCode}: ${text}`);
  return JSON.parse(text);
}

async function execute(bp: Blueprint, body?: () => NodeJS.ReadableStream, length?: number) {
  const res = await request(bp.url, {
    method: bp.method as 'PUT',
    headers: length === undefined ? bp.headers : { ...bp.headers, 'content-length': `${length}` },
    body: body ? (body() as never) : (bp.body ?? null),
    dispatcher,
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${bp.method} storage answered ${res.statusCode}`);
  return { text, etag: String(res.headers.etag ?? '') };
}

async function main(): Promise<void> {
  if (!apiUrl || !teamId || !file) throw new Error('usage: put-loop <api> <team> <file> [MiB] [N]');
  const chunk = Number(chunkArg ?? 64) * 1024 * 1024;
  const inFlight = Number(flightArg ?? 8);
  const size = statSync(file).size;
  const pkg = await api(
    `/v1/teams/${teamId}/packages`,
    { 'X-API-KEY': apiKey },
    { name: 'put-loop', description: '', recipients: [] },
  );
  const tok = { 'X-Package-Token': pkg.access_token as string };
  const add = await api(`/v1/packages/${pkg.id}/files`, tok, {
    kind: 'file',
    name: 'big.bin',
    path: '',
    size,
    chunk_size: chunk,
  });
  const fileId = add.file.id as string;
  const created = await execute(add.create_blueprint as Blueprint);
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.text)?.[1] ?? '';
  const count = Math.max(1, Math.ceil(size / chunk));
  const urls = (await api(`/v1/packages/${pkg.id}/files/${fileId}?start=0&count=${count}`, tok, {
    upload_id: uploadId,
  })) as Blueprint[];
  const etags: string[] = new Array<string>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const start = i * chunk;
      const end = Math.min(size, start + chunk);
      const bp = urls[i];
      if (!bp) throw new Error(`no blueprint for part ${i + 1}`);
      const body = () => createReadStream(file, { start, end: end - 1, highWaterMark: 1 << 20 });
      etags[i] = (await execute(bp, body, end - start)).etag;
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  await api(`/v1/packages/${pkg.id}/files/${fileId}/finalize`, tok, {
    chunk_extras: etags.map((etag, i) => ({ partNumber: String(i + 1), etag })),
    file_extras: { upload_id: uploadId },
    size,
  });
  await api(`/v1/packages/${pkg.id}/finalize`, tok, { size });
  console.log(JSON.stringify({ ok: true, bytes: size, parts: count }));
}

main()
  .catch((e: unknown) => {
    console.error(`put-loop failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  })
  .finally(() => void dispatcher.close());
