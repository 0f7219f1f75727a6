// The few MASV API calls the download benchmark makes itself: open a link and get a file's
// pre-signed storage URL, the URL curl and aria2c then fetch (masv-api.md §3.2–3.4).
import { Agent, fetch } from 'undici';

export interface LinkFile {
  packageId: string;
  packageToken: string;
  fileId: string;
  name: string;
  size: number;
}

export class BenchApi {
  private readonly dispatcher: Agent;

  constructor(
    private readonly apiUrl: string,
    caPem?: string,
  ) {
    this.dispatcher = new Agent(caPem === undefined ? {} : { connect: { ca: caPem } });
  }

  private async json(path: string, headers: Record<string, string> = {}): Promise<unknown> {
    const res = await fetch(`${this.apiUrl}${path}`, { headers, dispatcher: this.dispatcher });
    const text = await res.text();
    // The path can hold a link secret; name only the route shape.
    if (!res.ok)
      throw new Error(
        `GET ${path.replace(/\?.*/, '')} answered ${res.status}: ${text.slice(0, 200)}`,
      );
    return JSON.parse(text) as unknown;
  }

  /** Opens a link URL (`<api>/<linkId>?secret=…`) and picks its one `kind: file` entry. */
  async openSingleFile(linkUrl: string): Promise<LinkFile> {
    const url = new URL(linkUrl);
    const linkId = url.pathname.split('/').filter(Boolean).pop() ?? '';
    const secret = url.searchParams.get('secret') ?? '';
    const link = (await this.json(
      `/v1/links/${encodeURIComponent(linkId)}?secret=${encodeURIComponent(secret)}`,
    )) as {
      package_id: string;
      package_token: string;
    };
    const files = (await this.json(`/v1/packages/${link.package_id}/files`, {
      'X-Package-Token': link.package_token,
    })) as Array<{
      id: string;
      kind: string;
      name: string;
      size: number;
    }>;
    const file = files.filter((f) => f.kind === 'file');
    if (file.length !== 1 || !file[0])
      throw new Error(`expected one file in the package, found ${file.length}`);
    return {
      packageId: link.package_id,
      packageToken: link.package_token,
      fileId: file[0].id,
      name: file[0].name,
      size: file[0].size,
    };
  }

  /** A fresh pre-signed GET URL (they expire; one per run keeps every run equal). */
  async downloadUrl(f: LinkFile): Promise<string> {
    const r = (await this.json(`/v1/packages/${f.packageId}/files/${f.fileId}/download`, {
      'X-Package-Token': f.packageToken,
    })) as { url: string };
    return r.url;
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}
