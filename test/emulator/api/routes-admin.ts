// Test and operator hooks under /_emulator: fault configuration and the request log. Not part of
// MASV; never faulted themselves, so a test can always switch faults off again.
import { z } from 'zod';
import type { ApiDeps } from './context';
import { badRequest } from './errors';
import type { RouteDef } from './router';
import { parseBody, queryInt } from './schemas';

const FaultActionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
  }),
  z.object({ kind: z.literal('throttle'), retryAfterSeconds: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('reset'), afterBytes: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('latency'), ms: z.number().int().nonnegative().max(600_000) }),
  z.object({ kind: z.literal('expire') }),
  z.object({ kind: z.literal('ignoreRange') }),
]);

export const FaultRuleSchema = z
  .object({
    route: z.string().min(1),
    rate: z.number().min(0).max(1).optional(),
    every: z.number().int().positive().optional(),
    count: z.number().int().nonnegative().optional(),
    action: FaultActionSchema,
  })
  .refine((r) => (r.rate === undefined) !== (r.every === undefined), {
    message: 'a fault rule names exactly one of rate and every',
  });

export const FaultConfigPatch = z.object({
  seed: z.number().int().optional(),
  rules: z.array(FaultRuleSchema).optional(),
  bandwidthBytesPerSecond: z.number().nonnegative().optional(),
  urlLifetimeSeconds: z.number().int().positive().optional(),
});

export function adminRoutes(deps: ApiDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      pattern: '/_emulator/faults',
      name: 'admin',
      handler: () => ({ status: 200, json: deps.faults.config() }),
    },
    {
      method: 'PUT',
      pattern: '/_emulator/faults',
      name: 'admin',
      handler: (req) => {
        const patch = parseBody(req, FaultConfigPatch);
        const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
        deps.faults.update(clean);
        return { status: 200, json: deps.faults.config() };
      },
    },
    {
      method: 'DELETE',
      pattern: '/_emulator/faults',
      name: 'admin',
      handler: () => {
        deps.faults.clear();
        return { status: 200, json: deps.faults.config() };
      },
    },
    {
      method: 'GET',
      pattern: '/_emulator/log',
      name: 'admin',
      handler: (req) => {
        const plane = req.url.searchParams.get('plane');
        if (plane !== null && plane !== 'api' && plane !== 'storage')
          throw badRequest('plane must be api or storage');
        const route = req.url.searchParams.get('route');
        const limit = queryInt(req, 'limit', 1000);
        const entries = deps.requestLog
          .entries()
          .filter(
            (e) => (plane === null || e.plane === plane) && (route === null || e.route === route),
          );
        return {
          status: 200,
          json: { entries: entries.slice(Math.max(0, entries.length - limit)) },
        };
      },
    },
    {
      method: 'POST',
      pattern: '/_emulator/reset-log',
      name: 'admin',
      handler: () => {
        deps.requestLog.clear();
        return { status: 204 };
      },
    },
  ];
}
