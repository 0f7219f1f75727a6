// The plan of an upload, made once and journaled: what the chosen paths hold (scan), each file's
// largest part from the server's limits, and those limits themselves (parts are cut from them
// as they start, part-layout.ts).
import type { SpecLimits } from '../../masv/client';
import { masvError } from '../../masv/errors';
import { DEFAULT_LIMITS, mergeLimits, planChunks } from '../chunk-plan';
import { scanInputs } from './scan-inputs';
import type { UploadModel, UploadRecord } from './upload-model';

export async function planUpload(
  paths: string[],
  preferredChunk: number,
  spec: Partial<SpecLimits>,
): Promise<Extract<UploadRecord, { t: 'plan' }>> {
  const scan = await scanInputs(paths);
  // Empty folders ride along with files; a selection of nothing but folders is a mistake.
  if (scan.files.length === 0)
    throw masvError('invalid-input', {
      message: 'nothing to upload (no files in the selection)',
    });
  const limits = mergeLimits(spec);
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
    t: 'plan',
    files,
    ...(dirs.length > 0 ? { dirs } : {}),
    skipped: scan.skipped,
    renamed: scan.renamed,
    lim: { min: limits.minChunkSize, max: limits.maxChunkSize, count: limits.maxChunkCount },
  };
}

/** The server's limits the plan was made with (older journals: the defaults). */
export function planLimits(model: UploadModel): SpecLimits {
  const l = model.limits;
  return l ? { minChunkSize: l.min, maxChunkSize: l.max, maxChunkCount: l.count } : DEFAULT_LIMITS;
}
