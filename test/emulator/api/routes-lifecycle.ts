// Finalizing and deleting a package (masv-api.md §2.7, §2.8).
import { requirePackage } from './auth';
import { isoNow, type ApiDeps } from './context';
import { badRequest, conflict } from './errors';
import { packagePrefix } from './package-factory';
import type { RouteDef } from './router';
import { FinalizePackageBody, parseBody } from './schemas';
import { packageView } from './views';

export function lifecycleRoutes(deps: ApiDeps): RouteDef[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/packages/:pid/finalize',
      name: 'finalizePackage',
      handler: async (req) => {
        const { pkg } = await requirePackage(deps, req, { mutating: true });
        const body = parseBody(req, FinalizePackageBody, { optional: true });
        if (pkg.state !== 'new') throw conflict('package is already finalized');
        const files = deps.state.filesOf(pkg.id);
        if (files.length === 0) throw badRequest('package must have at least 1 file');
        if (files.some((f) => f.state !== 'finalized'))
          throw badRequest('all files must be finalized');
        const total = files.reduce((sum, f) => sum + f.size, 0);
        if (body.size !== undefined && body.size !== total) {
          throw badRequest(`size ${body.size} does not match the package's ${total} bytes`);
        }
        // A real MASV emails recipients and fires webhooks here; the emulator fires nothing.
        pkg.state = 'finalized';
        pkg.finalized_at = isoNow(deps);
        pkg.updated_at = pkg.finalized_at;
        deps.state.save('packages', pkg);
        return { status: 200, json: packageView(deps, pkg) };
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/packages/:pid',
      name: 'deletePackage',
      handler: async (req) => {
        const { pkg } = await requirePackage(deps, req, { mutating: true });
        deps.state.deletePackage(pkg);
        await deps.storage.deletePrefix(packagePrefix(pkg.id));
        return { status: 204 };
      },
    },
  ];
}
