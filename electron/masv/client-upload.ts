// Account, team and upload endpoints (masv-api.md §1–2, §4.1–4.3).
import type { Readable } from 'node:stream';
import { ClientCore } from './client-core';
import { masvError } from './errors';
import { enc, limits, pkg, sig, strip, team } from './mappers';
import { deleteSpares, mayHaveActed } from './package-spares';
import * as S from './schemas';
import type {
  AddedFile,
  AddFileInput,
  Blueprint,
  CreatedPackage,
  PartEtag,
  Portal,
  SpecLimits,
  Team,
} from './types';

const VOID = null;

export class UploadApi extends ClientCore {
  async auth(
    email: string,
    password: string,
    signal?: AbortSignal,
  ): Promise<{ token: string; teams: Team[]; userId?: string }> {
    this.noteSecret(password);
    const r = await this.call({
      method: 'POST',
      path: '/v1/auth',
      body: { email, password },
      schema: S.AuthSchema,
      context: 'user',
      ...sig(signal),
    });
    this.noteSecret(r.token);
    return { token: r.token, teams: r.teams.map(team), ...(r.user ? { userId: r.user.id } : {}) };
  }

  async listTeams(signal?: AbortSignal): Promise<Team[]> {
    const r = await this.call({
      method: 'GET',
      path: '/v1/teams',
      headers: this.userHeaders(),
      schema: S.TeamListSchema,
      context: 'user',
      ...sig(signal),
    });
    return r.map(team);
  }

  async getSpec(signal?: AbortSignal): Promise<Partial<SpecLimits>> {
    const r = await this.call({
      method: 'GET',
      path: '/v1/system/packages/spec',
      schema: S.LimitsSchema,
      context: 'public',
      ...sig(signal),
    });
    return limits(r);
  }

  async createTeamPackage(
    teamId: string,
    input: {
      name: string;
      description?: string;
      recipients?: string[];
      password?: string;
      accessLimit?: number;
    },
    signal?: AbortSignal,
  ): Promise<CreatedPackage> {
    this.noteSecret(input.password);
    const body = {
      name: input.name,
      description: input.description ?? '',
      recipients: input.recipients ?? [],
      ...(input.password ? { password: input.password } : {}),
      ...(input.accessLimit !== undefined ? { access_limit: input.accessLimit } : {}),
    };
    const started = Date.now();
    let maybeSpares = false;
    const r = await this.call({
      method: 'POST',
      path: `/v1/teams/${enc(teamId)}/packages`,
      headers: this.userHeaders(),
      body,
      schema: S.PackageSchema,
      context: 'user',
      onRetry: (info) => {
        if (mayHaveActed(info.error.code)) maybeSpares = true;
      },
      ...sig(signal),
    });
    const created = this.created(r);
    if (!maybeSpares) return created;
    const deleted = await deleteSpares(
      {
        listNew: (name) =>
          this.call({
            method: 'GET',
            path: `/v1.1/teams/${enc(teamId)}/packages`,
            query: { status: 'new', name, sort: '-created_at', limit: 100 },
            headers: this.userHeaders(),
            schema: S.PackageListSchema,
            context: 'user',
            ...sig(signal),
          }),
        remove: (id, token) => this.deletePackage(id, token, signal),
        noteSecret: (token) => this.noteSecret(token),
      },
      { ours: r, name: body.name, description: body.description, elapsedMs: Date.now() - started },
    );
    return deleted > 0 ? { ...created, sparesDeleted: deleted } : created;
  }

  async getPortal(subdomain: string, signal?: AbortSignal): Promise<Portal> {
    const r = await this.call({
      method: 'GET',
      path: `/v1/subdomains/portals/${enc(subdomain)}`,
      schema: S.PortalSchema,
      context: 'portal',
      ...sig(signal),
    });
    return strip({
      id: r.id,
      name: r.name,
      subdomain: r.subdomain,
      hasAccessCode: r.has_access_code,
      active: r.active,
      message: r.message,
    });
  }

  async createPortalPackage(
    portalId: string,
    input: { name: string; description?: string; sender: string; accessCode?: string },
    signal?: AbortSignal,
  ): Promise<CreatedPackage> {
    this.noteSecret(input.accessCode);
    const body = {
      name: input.name,
      description: input.description ?? '',
      sender: input.sender,
      ...(input.accessCode ? { access_code: input.accessCode } : {}),
    };
    const r = await this.call({
      method: 'POST',
      path: `/v1/portals/${enc(portalId)}/packages`,
      body,
      schema: S.PackageSchema,
      context: 'portal',
      suppliedSecret: Boolean(input.accessCode),
      ...sig(signal),
    });
    return this.created(r);
  }

  async addFile(
    packageId: string,
    token: string,
    f: AddFileInput,
    signal?: AbortSignal,
  ): Promise<AddedFile> {
    const body = {
      kind: f.kind ?? 'file',
      name: f.name,
      path: f.path,
      last_modified: f.lastModified.toISOString(),
      size: f.size,
      ...(f.chunkSize !== undefined ? { chunk_size: f.chunkSize } : {}),
    };
    const r = await this.call({
      method: 'POST',
      path: `/v1/packages/${enc(packageId)}/files`,
      headers: pkg(token),
      body,
      schema: S.AddFileSchema,
      context: 'package',
      ...sig(signal),
    });
    const bp = r.create_blueprint ?? r.createBlueprint;
    return {
      fileId: r.file.id,
      ...(bp ? { createBlueprint: S.toBlueprint(bp) } : {}),
      limits: limits(r),
    };
  }

  /** Executes the create blueprint in storage; returns the multipart UploadId. */
  createMultipart(blueprint: Blueprint, signal?: AbortSignal, retries = 0): Promise<string> {
    return this.storage.createMultipart(blueprint, signal, retries);
  }

  /** Fresh blueprints for parts start+1 … start+count (start is a 0-based chunk index). */
  async getPartUrls(
    packageId: string,
    token: string,
    fileId: string,
    uploadId: string,
    start: number,
    count: number,
    signal?: AbortSignal,
  ): Promise<Blueprint[]> {
    const r = await this.call({
      method: 'POST',
      path: `/v1/packages/${enc(packageId)}/files/${enc(fileId)}`,
      query: { start, count },
      headers: pkg(token),
      body: { upload_id: uploadId },
      schema: S.PartUrlsSchema,
      context: 'package',
      ...sig(signal),
    });
    if (r.length !== count)
      throw masvError('invalid-response', { detail: `asked ${count} part URLs, got ${r.length}` });
    return r.map(S.toBlueprint);
  }

  putPart(
    blueprint: Blueprint,
    body: Readable,
    length: number,
    signal?: AbortSignal,
    retries = 0,
  ): Promise<string> {
    return this.storage.putPart(blueprint, body, length, signal, retries);
  }

  async finalizeFile(
    packageId: string,
    token: string,
    fileId: string,
    input: { uploadId: string; parts: PartEtag[]; size: number; chunkSize?: number },
    signal?: AbortSignal,
  ): Promise<void> {
    const body = {
      chunk_extras: [...input.parts]
        .sort((a, b) => a.partNumber - b.partNumber)
        .map((p) => ({ partNumber: String(p.partNumber), etag: p.etag })),
      file_extras: { upload_id: input.uploadId },
      size: input.size,
      ...(input.chunkSize !== undefined ? { chunk_size: input.chunkSize } : {}),
    };
    await this.call({
      method: 'POST',
      path: `/v1/packages/${enc(packageId)}/files/${enc(fileId)}/finalize`,
      headers: pkg(token),
      body,
      schema: VOID,
      context: 'package',
      ...sig(signal),
    });
  }

  /** `size` is optional because whether MASV takes it is UNCONFIRMED; no body is what clients send. */
  async finalizePackage(
    packageId: string,
    token: string,
    size?: number,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.call({
      method: 'POST',
      path: `/v1/packages/${enc(packageId)}/finalize`,
      headers: pkg(token),
      ...(size === undefined ? {} : { body: { size } }),
      schema: VOID,
      context: 'package',
      ...sig(signal),
    });
  }

  async deletePackage(packageId: string, token: string, signal?: AbortSignal): Promise<void> {
    await this.call({
      method: 'DELETE',
      path: `/v1/packages/${enc(packageId)}`,
      headers: pkg(token),
      schema: VOID,
      context: 'package',
      ...sig(signal),
    });
  }

  async deleteFile(
    packageId: string,
    token: string,
    fileId: string,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.call({
      method: 'DELETE',
      path: `/v1/packages/${enc(packageId)}/files/${enc(fileId)}`,
      headers: pkg(token),
      schema: VOID,
      context: 'package',
      ...sig(signal),
    });
  }
}
