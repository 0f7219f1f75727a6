// An upload's journal as records: replay() rebuilds the model from them (upload-model.ts apply),
// compactRecords() writes the same state back in the fewest records (journal compaction).
import { apply, newModel } from './upload-model';
import type { UploadHeader, UploadModel, UploadRecord } from './upload-model';

export function replay(records: unknown[]): UploadModel {
  const header = records[0] as UploadHeader;
  const model = newModel(header);
  for (const r of records.slice(1)) {
    if (typeof r === 'object' && r !== null && typeof (r as { t?: unknown }).t === 'string')
      apply(model, r as UploadRecord);
  }
  return model;
}

/** The smallest record list that replays to the same model. */
export function compactRecords(model: UploadModel): UploadRecord[] {
  const out: UploadRecord[] = [
    {
      t: 'header',
      kind: 'upload',
      v: 1,
      id: model.id,
      createdAt: model.createdAt,
      input: model.input,
      secretsOmitted: model.secretsOmitted,
    },
  ];
  if (model.files) {
    out.push({
      t: 'plan',
      files: model.files.map((f) => ({
        p: f.absPath,
        d: f.dir,
        n: f.name,
        s: f.size,
        m: f.mtimeMs,
        c: f.chunkSize,
        k: f.partCount,
      })),
      ...(model.dirs.length > 0
        ? { dirs: model.dirs.map((d) => ({ d: d.dir, n: d.name, m: d.mtimeMs })) }
        : {}),
      skipped: model.skipped,
      renamed: model.renamed,
      ...(model.limits ? { lim: model.limits } : {}),
    });
  }
  if (model.streamRate !== undefined) out.push({ t: 'rate', bps: model.streamRate });
  for (const d of model.dirs) if (d.fileId) out.push({ t: 'dir', i: d.i, fileId: d.fileId });
  if (model.packageId && model.token)
    out.push({ t: 'package', id: model.packageId, token: model.token });
  for (const f of model.files ?? []) {
    if (f.fileId) out.push({ t: 'file', i: f.i, fileId: f.fileId });
    if (f.done) {
      out.push({ t: 'fdone', i: f.i });
      continue;
    }
    if (f.error) out.push({ t: 'ffail', i: f.i, err: f.error });
    if (f.dropped) out.push({ t: 'drop', i: f.i });
    if (f.uploadId) out.push({ t: 'mp', i: f.i, uploadId: f.uploadId });
    for (const [n, p] of [...f.acked].sort((a, b) => a[0] - b[0]))
      out.push({ t: 'part', i: f.i, n, e: p.etag, s: p.start, l: p.length });
  }
  if (model.finalized) out.push({ t: 'pkgdone' });
  if (model.lastState)
    out.push({
      t: 'state',
      s: model.lastState,
      ...(model.lastError ? { err: model.lastError } : {}),
    });
  return out;
}
