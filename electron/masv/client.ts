// Typed MASV API client: one method per endpoint the app uses (masv-api.md §1–4), results in
// camelCase, errors as MasvError in user words. Bytes go through StorageClient (storage.ts).
// Endpoints are grouped by file: client-core.ts (credentials, calls), client-upload.ts
// (account, teams, packages, files), this file (links, listings, downloads).
import { UploadApi } from './client-upload';
import { enc, packageInfo, pkg, sig, strip } from './mappers';
import * as S from './schemas';
import type { RangeResult } from './storage';
import type { DownloadUrl, Link, OpenedLink, PackageInfo, RemoteFile } from './types';

export type * from './types';

export class MasvClient extends UploadApi {
  async createLink(
    packageId: string,
    token: string,
    input: { email?: string; password?: string } = {},
    signal?: AbortSignal,
  ): Promise<Link> {
    this.noteSecret(input.password);
    const body = {
      email: input.email ?? '',
      ...(input.password ? { password: input.password } : {}),
    };
    const r = await this.call({
      method: 'POST',
      path: `/v1/packages/${enc(packageId)}/links`,
      headers: pkg(token),
      body,
      schema: S.LinkSchema,
      context: 'package',
      ...sig(signal),
    });
    this.noteSecret(r.download_secret ?? undefined);
    return strip({
      id: r.id,
      secret: r.download_secret,
      email: r.email,
      active: r.active,
      expiry: r.expiry,
    });
  }

  async getTeamPackage(
    teamId: string,
    packageId: string,
    signal?: AbortSignal,
  ): Promise<PackageInfo> {
    const r = await this.call({
      method: 'GET',
      path: `/v1.1/teams/${enc(teamId)}/packages/${enc(packageId)}`,
      headers: this.userHeaders(),
      schema: S.PackageSchema,
      context: 'user',
      ...sig(signal),
    });
    this.noteSecret(r.access_token ?? undefined);
    return packageInfo(r);
  }

  async listTeamPackages(
    teamId: string,
    q: { page?: number; limit?: number; status?: string; sort?: string; name?: string } = {},
    signal?: AbortSignal,
  ): Promise<{ total: number; records: PackageInfo[] }> {
    const r = await this.call({
      method: 'GET',
      path: `/v1.1/teams/${enc(teamId)}/packages`,
      query: q,
      headers: this.userHeaders(),
      schema: S.PackageListSchema,
      context: 'user',
      ...sig(signal),
    });
    for (const p of r.records) this.noteSecret(p.access_token ?? undefined);
    return { total: r.metadata?.total ?? r.records.length, records: r.records.map(packageInfo) };
  }

  async openLink(
    linkId: string,
    secret: string,
    password?: string,
    signal?: AbortSignal,
  ): Promise<OpenedLink> {
    this.noteSecret(secret);
    this.noteSecret(password);
    const r = await this.call({
      method: 'GET',
      path: `/v1/links/${enc(linkId)}`,
      query: { secret },
      ...(password ? { headers: { 'x-link-password': password } } : {}),
      schema: S.OpenLinkSchema,
      context: 'link',
      suppliedSecret: Boolean(password),
      ...sig(signal),
    });
    this.noteSecret(r.package_token);
    return strip({
      linkId: r.id ?? linkId,
      packageId: r.package_id,
      packageToken: r.package_token,
      name: r.name,
      size: r.package_size,
      expiry: r.expiry,
      senderEmail: r.sender_email,
      recipientEmail: r.recipient_email,
    });
  }

  async listFiles(packageId: string, token: string, signal?: AbortSignal): Promise<RemoteFile[]> {
    const r = await this.call({
      method: 'GET',
      path: `/v1/packages/${enc(packageId)}/files`,
      headers: pkg(token),
      schema: S.FileListSchema,
      context: 'package',
      ...sig(signal),
    });
    return r.map(
      (f) =>
        strip({
          id: f.id,
          kind: f.kind,
          name: f.name,
          path: f.path ?? '',
          size: f.size,
          lastModified: f.last_modified,
        }) as RemoteFile,
    );
  }

  async getDownloadUrl(
    packageId: string,
    token: string,
    fileId: string,
    signal?: AbortSignal,
  ): Promise<DownloadUrl> {
    const r = await this.call({
      method: 'GET',
      path: `/v1/packages/${enc(packageId)}/files/${enc(fileId)}/download`,
      headers: pkg(token),
      schema: S.DownloadUrlSchema,
      context: 'package',
      ...sig(signal),
    });
    return strip({ url: r.url, size: r.size, name: r.name, expiry: r.expiry });
  }

  getObjectRange(
    url: string,
    range: { start: number; end?: number },
    signal?: AbortSignal,
    retries = 0,
  ): Promise<RangeResult> {
    return this.storage.getObjectRange(url, range, signal, retries);
  }
}
