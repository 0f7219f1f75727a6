// The plan of an upload, made once and journaled: what the chosen paths hold (scan), each file's
// largest part from the server's limits, and those limits themselves (parts are cut from them
// as they start, part-layout.ts).
import type { SpecLimits } from '../../masv/client';
import { masvError } from '../../masv/errors';
import { DEFAULT_LIMITS, mergeLimits, planChunks } from '../chunk-plan';
import { scanInputs } from './scan-inputs';
import { filePath } from './upload-model';
import type { UploadModel, UploadRecord } from './upload-model';

export async function planUpload(
  paths: string[],
  preferredChunk: number,
  spec: Partial<SpecLimits>,
): Promise<Extract<UploadRecord, { t: 'plan' }>> {
  const limits = mergeLimits(spec);
  return {
    t: 'plan',
    ...(await planInputs(paths, preferredChunk, limits)),
    lim: { min: limits.minChunkSize, max: limits.maxChunkSize, count: limits.maxChunkCount },
  };
}

/**
 * More files for a package that was left open (idle): planned with the limits the package was
 * planned with, and refused as a whole when a file would land on a path the package already
 * holds (MASV would keep both under one name), so nothing is added by half.
 */
export async function planMore(
  model: UploadModel,
  paths: string[],
  preferredChunk: number,
): Promise<Extract<UploadRecord, { t: 'more' }>> {
  const more = await planInputs(paths, preferredChunk, planLimits(model));
  const held = new Set((model.files ?? []).filter((f) => !f.dropped).map((f) => filePath(f)));
  for (const d of model.dirs) held.add(filePath(d));
  const clashes: string[] = [];
  for (const f of more.files) {
    const at = filePath({ dir: f.d, name: f.n });
    if (held.has(at)) clashes.push(at);
    held.add(at);
  }
  for (const d of more.dirs ?? []) {
    const at = filePath({ dir: d.d, name: d.n });
    if (held.has(at)) clashes.push(at);
  }
  if (clashes.length > 0)
    throw masvError('invalid-input', {
      message: `the package already holds ${clashes.length === 1 ? 'a file' : `${clashes.length} files`} at ${clashes
        .slice(0, 3)
        .join(
          ', ',
        )}${clashes.length > 3 ? ', …' : ''}; rename ${clashes.length === 1 ? 'it' : 'them'} or choose others (nothing was added)`,
      retryable: false,
    });
  return { t: 'more', ...more };
}

async function planInputs(
  paths: string[],
  preferredChunk: number,
  limits: SpecLimits,
): Promise<Omit<Extract<UploadRecord, { t: 'more' }>, 't'>> {
  const scan = await scanInputs(paths);
  // Empty folders ride along with files; a selection of nothing but folders is a mistake.
  if (scan.files.length === 0)
    throw masvError('invalid-input', {
      message: 'nothing to upload (no files in the selection)',
    });
  const files = scan.files.map((f) => {
    const p = planChunks(f.size, preferredChunk, limits);
    return {
      p: f.absPath,
      d: f.dir,
      n: f.name,
      s: f.size,
      m: f.mtimeMs,
      c: p.chunkSize,
      k: p.partCount,
    };
  });
  const dirs = scan.dirs.map((d) => ({ d: d.dir, n: d.name, m: d.mtimeMs }));
  return {
    files,
    ...(dirs.length > 0 ? { dirs } : {}),
    skipped: scan.skipped,
    renamed: scan.renamed,
  };
}

/** The server's limits the plan was made with (older journals: the defaults). */
export function planLimits(model: UploadModel): SpecLimits {
  const l = model.limits;
  return l ? { minChunkSize: l.min, maxChunkSize: l.max, maxChunkCount: l.count } : DEFAULT_LIMITS;
}
