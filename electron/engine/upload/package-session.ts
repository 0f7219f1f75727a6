// Everything an upload does with its package: create it (team or portal), make package calls
// with the current token (renewing it for team uploads on a 401), add the empty folders, clear
// stray entries, finalize, and delete it on cancel.
import type { CreatedPackage } from '../../masv/client';
import { isMasvError, masvError } from '../../masv/errors';
import type { EngineDeps } from '../deps';
import { runAll } from '../run-all';
import { withUserCredential } from '../sign-in';
import { DIR_REFUSED } from './upload-model';
import type { UploadModel, UploadRecord } from './upload-model';

export interface Secrets {
  password?: string;
  accessCode?: string;
}

export interface SessionHost {
  deps: EngineDeps;
  model: () => UploadModel;
  record: (r: UploadRecord) => Promise<void>;
}

export class PackageSession {
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly host: SessionHost,
    private readonly secrets: Secrets | null,
  ) {}

  private pkg(): { id: string; token: string } {
    const m = this.host.model();
    if (!m.packageId || !m.token) throw new Error('package not created yet');
    return { id: m.packageId, token: m.token };
  }

  async create(signal: AbortSignal): Promise<void> {
    const { client } = this.host.deps;
    const m = this.host.model();
    if (m.secretsOmitted && !this.secrets) {
      throw masvError('invalid-input', {
        message:
          'this upload stopped before its package was created; start it again (passwords are not kept on disk)',
      });
    }
    const input = m.input;
    const t = input.target;
    let created: CreatedPackage;
    if (t.kind === 'team') {
      created = await withUserCredential(() =>
        client.createTeamPackage(
          t.teamId,
          {
            name: input.name,
            description: input.description,
            recipients: t.recipients,
            ...(this.secrets?.password ? { password: this.secrets.password } : {}),
            ...(t.accessLimit !== undefined ? { accessLimit: t.accessLimit } : {}),
          },
          signal,
        ),
      );
    } else {
      const portal = await client.getPortal(t.subdomain, signal);
      created = await client.createPortalPackage(
        portal.id,
        {
          name: input.name,
          description: input.description,
          sender: t.senderEmail,
          ...(this.secrets?.accessCode ? { accessCode: this.secrets.accessCode } : {}),
        },
        signal,
      );
    }
    if (created.sparesDeleted)
      this.host.deps.logger.info('deleted packages left by create attempts whose answer was lost', {
        count: created.sparesDeleted,
      });
    await this.host.record({ t: 'package', id: created.id, token: created.accessToken });
  }

  /**
   * A package call in the control pool with the current token. Team uploads outlive package
   * tokens (days-long transfers, or resuming next week): on a 401 the team user fetches a
   * fresh token once and the call is repeated. Portal uploaders have no way to do that.
   */
  call<T>(fn: (packageId: string, token: string) => Promise<T>, signal: AbortSignal): Promise<T> {
    return this.host.deps.controlPool.run(async () => {
      const { id, token } = this.pkg();
      try {
        return await fn(id, token);
      } catch (e) {
        if (
          !(isMasvError(e) && e.code === 'auth-rejected') ||
          this.host.model().input.target.kind !== 'team'
        )
          throw e;
        await this.refreshToken(token, signal);
        return fn(id, this.pkg().token);
      }
    }, signal);
  }

  private async refreshToken(stale: string, signal?: AbortSignal): Promise<void> {
    const m = this.host.model();
    const t = m.input.target;
    if (m.token !== stale || t.kind !== 'team') return;
    this.refreshing ??= (async () => {
      const { id } = this.pkg();
      const fresh = await withUserCredential(() =>
        this.host.deps.client.getTeamPackage(t.teamId, id, signal),
      );
      if (!fresh.accessToken)
        throw masvError('auth-rejected', {
          message: 'access to the package was rejected and MASV gave no new token',
        });
      this.host.deps.logger.info('renewed the package token', { packageId: id });
      await this.host.record({ t: 'package', id, token: fresh.accessToken });
    })().finally(() => {
      this.refreshing = null;
    });
    await this.refreshing;
  }

  /** Empty folders: one `kind:"directory"` entry each, journaled so a resume adds none twice. */
  async addDirectories(signal: AbortSignal): Promise<void> {
    const { client } = this.host.deps;
    const missing = this.host.model().dirs.filter((d) => !d.fileId);
    await runAll(
      missing,
      async (d, sig) => {
        const entry = {
          kind: 'directory' as const,
          name: d.name,
          path: d.dir,
          lastModified: new Date(d.mtimeMs),
          size: 0,
        };
        let fileId: string;
        try {
          fileId = (await this.call((id, token) => client.addFile(id, token, entry, sig), sig))
            .fileId;
        } catch (e) {
          // A server that does not know folder entries answers 400: the files still go, the
          // empty folder is reported as skipped instead of failing the whole package.
          if (!isMasvError(e) || e.code !== 'bad-request') throw e;
          this.host.deps.logger.warn('the server refused an empty-folder entry', {
            path: d.dir,
            name: d.name,
          });
          fileId = DIR_REFUSED;
        }
        await this.host.record({ t: 'dir', i: d.i, fileId });
      },
      signal,
    );
  }

  /** Entries in the package that are not ours (left by an interrupted add-file) block finalize. */
  async removeStrays(signal: AbortSignal): Promise<void> {
    const { client } = this.host.deps;
    const m = this.host.model();
    // Files left out at the user's request are not ours any more: their entries go too.
    const kept = (m.files ?? []).filter((f) => !f.dropped);
    const ours = new Set([...kept, ...m.dirs].map((f) => f.fileId));
    const remote = await this.call((id, token) => client.listFiles(id, token, signal), signal);
    for (const r of remote) {
      if ((r.kind !== 'file' && r.kind !== 'directory') || ours.has(r.id)) continue;
      await this.call((id, token) => client.deleteFile(id, token, r.id, signal), signal).catch(
        (e: unknown) => {
          if (!(isMasvError(e) && e.code === 'not-found')) throw e;
        },
      );
    }
  }

  async finalize(signal: AbortSignal): Promise<void> {
    const { client } = this.host.deps;
    await this.removeStrays(signal);
    try {
      await this.call((id, token) => client.finalizePackage(id, token, undefined, signal), signal);
    } catch (e) {
      // A crash after finalize but before journaling it: the package is already done.
      if (!(isMasvError(e) && e.code === 'conflict')) throw e;
    }
    await this.host.record({ t: 'pkgdone' });
  }

  /** Cancel: the package goes away on the server (a missing package counts as deleted). */
  async delete(): Promise<void> {
    const { client } = this.host.deps;
    const m = this.host.model();
    if (!m.packageId || !m.token) return;
    const { id, token } = this.pkg();
    const t = m.input.target;
    try {
      try {
        await client.deletePackage(id, token);
      } catch (e) {
        if (!(isMasvError(e) && e.code === 'auth-rejected' && t.kind === 'team')) throw e;
        const fresh = await client.getTeamPackage(t.teamId, id);
        await client.deletePackage(id, fresh.accessToken ?? token);
      }
    } catch (e) {
      if (isMasvError(e) && e.code === 'not-found') return;
      throw masvError(isMasvError(e) ? e.code : 'network', {
        message: 'the upload was cancelled, but MASV could not delete the package',
        ...(isMasvError(e) && e.detail ? { detail: e.detail } : {}),
        retryable: false,
      });
    }
  }
}
