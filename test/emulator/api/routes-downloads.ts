// Download side: list a package's entries, hand out download URLs (files and the virtual zips),
// and the public storage limits (masv-api.md §2.0, §3.3, §3.4).
import { requirePackage } from './auth';
import type { ApiDeps } from './context';
import { badRequest, notFound, tooManyRequests } from './errors';
import { LIST_INTERVAL_MS, LIST_THROTTLE_FILES, specLimits } from './limits';
import { zipKey } from './package-factory';
import { joinEntryPath } from './paths';
import { ZIP_KINDS, type PackageRecord, type ZipKind } from './records';
import type { ApiRequest, ApiResponse, RouteDef } from './router';
import { fileView } from './views';
import { buildZip, zipSize, type ZipEntrySource } from './zip-builder';

const DOS_MIN = Date.UTC(1980, 0, 2);
const DOS_MAX = Date.UTC(2107, 0, 1);

function zipEntries(deps: ApiDeps, pkg: PackageRecord): ZipEntrySource[] {
  const fallback = new Date(pkg.finalized_at ?? pkg.created_at);
  return deps.state.filesOf(pkg.id).map((f) => {
    const t = Date.parse(f.last_modified);
    // Zip timestamps cannot go before 1980; MASV's "zero time" would otherwise break the entry.
    const mtime = t >= DOS_MIN && t < DOS_MAX ? new Date(t) : fallback;
    const e: ZipEntrySource = {
      entryPath: joinEntryPath(f.path, f.name),
      kind: f.kind,
      size: f.size,
      mtime,
    };
    if (f.key !== undefined) e.key = f.key;
    return e;
  });
}

function zipName(pkg: PackageRecord, kind: ZipKind): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const base = (pkg.name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || pkg.id).slice(0, 200);
  return kind === 'zip_mac' ? `${base} (mac).zip` : `${base}.zip`;
}

export function downloadRoutes(deps: ApiDeps): RouteDef[] {
  const lastListing = new Map<string, number>();
  const building = new Map<string, Promise<{ key: string; size: number }>>();

  function ensureZip(pkg: PackageRecord, kind: ZipKind): Promise<{ key: string; size: number }> {
    const cached = pkg.zips[kind];
    if (cached) return Promise.resolve(cached);
    const flightKey = `${pkg.id}:${kind}`;
    let flight = building.get(flightKey);
    if (!flight) {
      const key = zipKey(pkg.id, kind);
      flight = buildZip(deps.storage, key, zipEntries(deps, pkg))
        .then((info) => {
          const built = { key, size: info.size };
          const current = deps.state.pkg(pkg.id);
          if (!current) {
            // Deleted while the zip was being built: do not leave the zip behind.
            return deps.storage.deleteObject(key).then(() => built);
          }
          current.zips[kind] = built;
          deps.state.save('packages', current);
          return built;
        })
        .finally(() => building.delete(flightKey));
      building.set(flightKey, flight);
    }
    return flight;
  }

  async function listFiles(req: ApiRequest): Promise<ApiResponse> {
    const { pkg } = await requirePackage(deps, req, { mutating: false });
    if (deps.state.fileCount(pkg.id) > LIST_THROTTLE_FILES) {
      const last = lastListing.get(pkg.id);
      const now = deps.now();
      if (last !== undefined && now - last < LIST_INTERVAL_MS) {
        throw tooManyRequests(
          LIST_INTERVAL_MS / 1000,
          'packages with more than 10000 files may be listed once every 5 seconds',
        );
      }
      lastListing.set(pkg.id, now);
    }
    const out: Record<string, unknown>[] = deps.state.filesOf(pkg.id).map(fileView);
    if (pkg.state === 'finalized') {
      const size = zipSize(zipEntries(deps, pkg));
      const modified = pkg.finalized_at ?? pkg.updated_at;
      for (const kind of ZIP_KINDS) {
        out.push({
          id: pkg.zipIds[kind],
          kind,
          name: zipName(pkg, kind),
          path: '',
          size,
          last_modified: modified,
          virus_detected: false,
        });
      }
    }
    return { status: 200, json: out };
  }

  async function download(req: ApiRequest): Promise<ApiResponse> {
    const { pkg } = await requirePackage(deps, req, { mutating: false });
    const fid = req.params.fid ?? '';
    const kind = ZIP_KINDS.find((k) => pkg.zipIds[k] === fid);
    if (kind) {
      if (pkg.state !== 'finalized') throw badRequest('package is not finalized');
      const zip = await ensureZip(pkg, kind);
      const name = zipName(pkg, kind);
      const { url, expiry } = deps.storage.presignGetObject(zip.key, { downloadName: name });
      return { status: 200, json: { url, size: zip.size, name, expiry: expiry.toISOString() } };
    }
    const file = deps.state.get('files', fid);
    if (!file || file.packageId !== pkg.id) throw notFound('file not found');
    if (file.kind !== 'file' || file.key === undefined)
      throw badRequest('directories have no content to download');
    if (file.state !== 'finalized') throw badRequest('file is not finalized');
    const { url, expiry } = deps.storage.presignGetObject(file.key, { downloadName: file.name });
    return {
      status: 200,
      json: { url, size: file.size, name: file.name, expiry: expiry.toISOString() },
    };
  }

  return [
    { method: 'GET', pattern: '/v1/packages/:pid/files', name: 'listFiles', handler: listFiles },
    {
      method: 'GET',
      pattern: '/v1/packages/:pid/files/:fid/download',
      name: 'downloadFile',
      handler: download,
    },
    {
      method: 'GET',
      pattern: '/v1/system/packages/spec',
      name: 'spec',
      handler: () => ({ status: 200, json: specLimits() }),
    },
  ];
}
