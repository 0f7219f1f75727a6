// Helpers for the API tests: a small JSON client over undici and the client side of the upload
// protocol (execute blueprints, PUT parts, finalize), written from masv-api.md as a client would.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetch, type Dispatcher } from 'undici';
import { startEmulator } from '../index';
import type { Blueprint, Emulator, EmulatorOptions } from '../types';

export interface Reply {
  status: number;
  json: any;
  text: string;
  headers: Headers;
}

export function tempDir(prefix = 'masv-api-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ dataDir: tempDir(), ...opts });
}

export const sha256 = (b: Buffer | Uint8Array): string =>
  createHash('sha256').update(b).digest('hex');

export class TestClient {
  constructor(
    readonly baseUrl: string,
    readonly dispatcher?: Dispatcher,
  ) {}

  async call(
    method: string,
    path: string,
    opts: { headers?: Record<string, string>; json?: unknown; body?: string } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    let body: string | undefined = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    }
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path}`;
    const res = await fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers as unknown as Headers };
  }

  /** Executes a blueprint verbatim (masv-api.md §2.3, §2.5). */
  async execute(
    bp: Blueprint,
    body?: Buffer,
  ): Promise<{ status: number; text: string; etag: string | null }> {
    const res = await fetch(bp.url, {
      method: bp.method,
      headers: bp.headers,
      ...(body !== undefined ? { body } : bp.body !== undefined ? { body: bp.body } : {}),
      ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
    });
    const text = await res.text();
    return { status: res.status, text, etag: res.headers.get('etag') };
  }

  async getBytes(
    url: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Buffer; headers: Headers }> {
    const res = await fetch(url, {
      headers,
      ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
    });
    return {
      status: res.status,
      body: Buffer.from(await res.arrayBuffer()),
      headers: res.headers as unknown as Headers,
    };
  }
}

export const tokenHeader = (token: string): Record<string, string> => ({
  'X-Package-Token': token,
});

export async function createTeamPackage(
  c: TestClient,
  emu: Emulator,
  body: Record<string, unknown> = { name: 'test package', description: '', recipients: [] },
): Promise<{ id: string; token: string; json: any }> {
  const r = await c.call('POST', `/v1/teams/${emu.demo.teamId}/packages`, {
    headers: { 'X-API-KEY': emu.demo.apiKey },
    json: body,
  });
  if (r.status !== 201) throw new Error(`create package: ${r.status} ${r.text}`);
  return { id: r.json.id, token: r.json.access_token, json: r.json };
}

export interface UploadedFile {
  fileId: string;
  uploadId: string;
  parts: { partNumber: string; etag: string }[];
}

/** Adds a file and uploads its bytes in parts of `partSize`; does not finalize. */
export async function uploadParts(
  c: TestClient,
  pid: string,
  token: string,
  file: { name: string; path?: string; data: Buffer; partSize: number },
): Promise<UploadedFile> {
  const add = await c.call('POST', `/v1/packages/${pid}/files`, {
    headers: tokenHeader(token),
    json: {
      kind: 'file',
      name: file.name,
      path: file.path ?? '',
      size: file.data.length,
      chunk_size: file.partSize,
    },
  });
  if (add.status !== 201) throw new Error(`add file: ${add.status} ${add.text}`);
  const created = await c.execute(add.json.create_blueprint);
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.text)?.[1];
  if (created.status !== 200 || !uploadId)
    throw new Error(`create multipart: ${created.status} ${created.text}`);
  const count = Math.max(1, Math.ceil(file.data.length / file.partSize));
  const urls = await c.call(
    'POST',
    `/v1/packages/${pid}/files/${add.json.file.id}?start=0&count=${count}`,
    {
      headers: tokenHeader(token),
      json: { upload_id: uploadId },
    },
  );
  if (urls.status !== 200) throw new Error(`chunk urls: ${urls.status} ${urls.text}`);
  const parts: UploadedFile['parts'] = [];
  for (let i = 0; i < count; i++) {
    const chunk = file.data.subarray(
      i * file.partSize,
      Math.min(file.data.length, (i + 1) * file.partSize),
    );
    const put = await c.execute(urls.json[i], chunk);
    if (put.status !== 200 || !put.etag)
      throw new Error(`put part ${i + 1}: ${put.status} ${put.text}`);
    parts.push({ partNumber: String(i + 1), etag: put.etag });
  }
  return { fileId: add.json.file.id, uploadId, parts };
}

export function finalizeBody(up: UploadedFile, size: number): Record<string, unknown> {
  return { chunk_extras: up.parts, file_extras: { upload_id: up.uploadId }, size };
}

export async function uploadFile(
  c: TestClient,
  pid: string,
  token: string,
  file: { name: string; path?: string; data: Buffer; partSize: number },
): Promise<UploadedFile> {
  const up = await uploadParts(c, pid, token, file);
  const fin = await c.call('POST', `/v1/packages/${pid}/files/${up.fileId}/finalize`, {
    headers: tokenHeader(token),
    json: finalizeBody(up, file.data.length),
  });
  if (fin.status !== 200) throw new Error(`finalize file: ${fin.status} ${fin.text}`);
  return up;
}
