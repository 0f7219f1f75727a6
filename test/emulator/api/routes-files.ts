// Adding files, chunk URLs, finalizing and removing files (masv-api.md §2.2, §2.4, §2.6, §2.8).
import { requirePackage } from './auth';
import { isoNow, type ApiDeps } from './context';
import { badRequest, conflict, notFound } from './errors';
import {
  MAX_CHUNK_COUNT,
  MAX_CHUNK_SIZE,
  MAX_FILE_SIZE,
  MIN_CHUNK_SIZE,
  specLimits,
  ZERO_TIME,
} from './limits';
import { fileKey } from './package-factory';
import { normalisePath, validateName } from './paths';
import type { FileRecord, PackageRecord } from './records';
import type { ApiRequest, RouteDef } from './router';
import { AddFileBody, ChunkUrlsBody, FinalizeFileBody, parseBody, queryInt } from './schemas';
import { fileView } from './views';

const unquote = (etag: string): string => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

function fileOf(deps: ApiDeps, pkg: PackageRecord, req: ApiRequest): FileRecord {
  const file = deps.state.get('files', req.params.fid ?? '');
  if (!file || file.packageId !== pkg.id) throw notFound('file not found');
  return file;
}

function requireOpen(pkg: PackageRecord): void {
  if (pkg.state !== 'new') throw conflict('package is finalized and locked');
}

async function addFile(deps: ApiDeps, req: ApiRequest) {
  const { pkg } = await requirePackage(deps, req, { mutating: true });
  requireOpen(pkg);
  const body = parseBody(req, AddFileBody);
  if (body.kind === 'directory' && !deps.acceptDirectoryEntries)
    throw badRequest('kind must be "file"');
  const name = validateName(body.name);
  const path = normalisePath(body.path);
  // The reference is firm here (clients must send name, modified date, path and size), so the
  // service is too, for folder entries as well: a client that drops `size` fails at once.
  const size = body.size;
  if (size === undefined) throw badRequest('size is required');
  if (body.kind === 'directory' && size !== 0) throw badRequest('directories have size 0');
  if (size > MAX_FILE_SIZE) throw badRequest(`file is larger than ${MAX_FILE_SIZE} bytes`);
  if (body.chunk_size !== undefined) {
    if (body.chunk_size > MAX_CHUNK_SIZE)
      throw badRequest(`chunk_size is larger than ${MAX_CHUNK_SIZE}`);
    if (Math.ceil(size / body.chunk_size) > MAX_CHUNK_COUNT) {
      throw badRequest(`chunk_size ${body.chunk_size} needs more than ${MAX_CHUNK_COUNT} chunks`);
    }
  }
  const id = deps.state.newId();
  const file: FileRecord = {
    id,
    packageId: pkg.id,
    kind: body.kind,
    name,
    path,
    size,
    last_modified: body.last_modified ? new Date(body.last_modified).toISOString() : ZERO_TIME,
    // Directories carry no bytes: nothing to upload, so they are complete at once.
    state: body.kind === 'directory' ? 'finalized' : 'new',
    created_at: isoNow(deps),
  };
  if (body.chunk_size !== undefined) file.chunk_size = body.chunk_size;
  if (body.kind === 'file') file.key = fileKey(pkg.id, id);
  deps.state.save('files', file);
  pkg.updated_at = file.created_at;
  deps.state.save('packages', pkg);
  const json: Record<string, unknown> = { file: fileView(file), ...specLimits() };
  if (file.key !== undefined) json.create_blueprint = deps.storage.presignCreateMultipart(file.key);
  return { status: 201, json };
}

async function chunkUrls(deps: ApiDeps, req: ApiRequest) {
  const { pkg } = await requirePackage(deps, req, { mutating: true });
  const file = fileOf(deps, pkg, req);
  requireOpen(pkg);
  if (file.kind !== 'file' || file.key === undefined)
    throw badRequest('directories have no content to upload');
  if (file.state === 'finalized') throw conflict('file is already finalized');
  const start = queryInt(req, 'start');
  const count = queryInt(req, 'count');
  if (count < 1) throw badRequest('count must be at least 1');
  if (count > MAX_CHUNK_COUNT) throw badRequest(`count must not exceed ${MAX_CHUNK_COUNT}`);
  if (start + count > MAX_CHUNK_COUNT)
    throw badRequest(`start + count must not exceed ${MAX_CHUNK_COUNT}`);
  const body = parseBody(req, ChunkUrlsBody);
  if (!(await deps.storage.hasUpload(file.key, body.upload_id)))
    throw badRequest('upload_id does not match this file');
  if (file.uploadId !== body.upload_id) {
    file.uploadId = body.upload_id;
    deps.state.save('files', file);
  }
  const blueprints = [];
  for (let i = 0; i < count; i++)
    blueprints.push(deps.storage.presignUploadPart(file.key, body.upload_id, start + i + 1));
  return { status: 200, json: blueprints };
}

function sameCompletion(
  file: FileRecord,
  uploadId: string,
  size: number,
  parts: { partNumber: number; etag: string | null }[],
) {
  const done = file.parts;
  if (!done || file.uploadId !== uploadId || file.size !== size || done.length !== parts.length)
    return false;
  return parts.every(
    (p, i) => p.partNumber === done[i]?.n && p.etag !== null && unquote(p.etag) === done[i]?.etag,
  );
}

async function finalizeFile(deps: ApiDeps, req: ApiRequest) {
  const { pkg } = await requirePackage(deps, req, { mutating: true });
  const file = fileOf(deps, pkg, req);
  const body = parseBody(req, FinalizeFileBody);
  const uploadId = body.file_extras.upload_id;
  const parts = body.chunk_extras;
  if (file.state === 'finalized') {
    // Finalize is idempotent for a client whose first answer was lost (§4.6).
    if (sameCompletion(file, uploadId, body.size, parts))
      return { status: 200, json: fileView(file) };
    throw conflict('file is already finalized');
  }
  requireOpen(pkg);
  if (file.key === undefined) throw badRequest('directories have no content to finalize');
  if (parts.length === 0) throw badRequest('chunk_extras must list at least 1 part');
  if (parts.length > MAX_CHUNK_COUNT) throw badRequest(`more than ${MAX_CHUNK_COUNT} parts`);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.etag === null || unquote(p.etag) === '')
      throw badRequest(`part ${p.partNumber} has no etag`);
    if (p.partNumber === i + 1) continue;
    if (i > 0 && p.partNumber <= parts[i - 1]!.partNumber)
      throw badRequest('part numbers must be in ascending order');
    throw badRequest(`part ${i + 1} is missing from chunk_extras`);
  }
  if (body.size !== file.size) {
    throw badRequest(
      `size ${body.size} does not match the size given when the file was added (${file.size})`,
    );
  }
  if (!(await deps.storage.hasUpload(file.key, uploadId)))
    throw badRequest('upload_id does not match this file');
  const stored = new Map((await deps.storage.listParts(uploadId)).map((p) => [p.partNumber, p]));
  // Existence and ETags first, sizes second: "not uploaded" explains a short list better.
  for (const p of parts) {
    const s = stored.get(p.partNumber);
    if (!s) throw badRequest(`part ${p.partNumber} was not uploaded`);
    if (unquote(s.etag) !== unquote(p.etag ?? ''))
      throw badRequest(`ETag mismatch for part ${p.partNumber}`);
  }
  let total = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const s = stored.get(p.partNumber)!;
    if (s.size > MAX_CHUNK_SIZE)
      throw badRequest(`part ${p.partNumber} is larger than the maximum chunk size`);
    if (i < parts.length - 1 && s.size < MIN_CHUNK_SIZE) {
      throw badRequest(
        `part ${p.partNumber} is smaller than the minimum chunk size (${MIN_CHUNK_SIZE} bytes)`,
      );
    }
    total += s.size;
  }
  if (total !== body.size)
    throw badRequest(`part sizes add up to ${total} bytes, not size ${body.size}`);
  const refs = parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag ?? '' }));
  const info = await deps.storage.completeMultipart(file.key, uploadId, refs, {
    minPartSize: MIN_CHUNK_SIZE,
  });
  // The file may have been removed while storage was completing it.
  if (deps.state.get('files', file.id) !== file) throw notFound('file not found');
  file.state = 'finalized';
  file.uploadId = uploadId;
  file.parts = parts.map((p) => ({ n: p.partNumber, etag: unquote(p.etag ?? '') }));
  file.etag = info.etag;
  deps.state.save('files', file);
  return { status: 200, json: fileView(file) };
}

async function deleteFile(deps: ApiDeps, req: ApiRequest) {
  const { pkg } = await requirePackage(deps, req, { mutating: true });
  const file = fileOf(deps, pkg, req);
  requireOpen(pkg);
  deps.state.deleteFile(file);
  // Every upload the client may have started for this key goes, not only the last one we saw.
  if (file.key !== undefined) await deps.storage.deletePrefix(file.key);
  return { status: 204 };
}

export function fileRoutes(deps: ApiDeps): RouteDef[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/packages/:pid/files',
      name: 'addFile',
      handler: (r) => addFile(deps, r),
    },
    {
      method: 'POST',
      pattern: '/v1/packages/:pid/files/:fid',
      name: 'chunkUrls',
      handler: (r) => chunkUrls(deps, r),
    },
    {
      method: 'POST',
      pattern: '/v1/packages/:pid/files/:fid/finalize',
      name: 'finalizeFile',
      handler: (r) => finalizeFile(deps, r),
    },
    {
      method: 'DELETE',
      pattern: '/v1/packages/:pid/files/:fid',
      name: 'deleteFile',
      handler: (r) => deleteFile(deps, r),
    },
  ];
}
