// Receiving from a link in the window: open it (with its password when it has one) and show the
// package before any byte, plan where the chosen files land (names made safe for this system,
// clashes and the policy, free space), then start the download. The link and its password stay
// here, keyed by the token the window holds.
import { statfs } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { formatMasvLink, type MasvLink } from '../../shared/links';
import { reasonWords } from '../../shared/safe-path';
import type {
  DownloadChoice,
  DownloadPreflight,
  PackagePreview,
} from '../../shared/schemas/link-download';
import type { OnConflict } from '../../shared/schemas/settings';
import {
  apiUrlFor,
  clientFor,
  describePackage,
  openPackage,
  targetOs,
  type PackageSummary,
} from '../engine/download/index';
import { planFiles, selectFiles } from '../engine/download/preflight';
import type { RemoteFile } from '../masv/client';
import { IpcError } from '../ipc/handler-registry';
import { linkConfigFor } from '../services/engine-factory';
import type { DeepLinkRouter } from './deep-link-router';
import type { EngineSession } from './engine-session';

interface Opened {
  summary: PackageSummary;
  /** The listing as the server sent it (names planned again for each choice). */
  files: RemoteFile[];
  password: string | undefined;
}

/** Previews kept for links the window has open (a few; older ones are opened again). */
const MAX_OPENED = 16;

export class LinkDownloads {
  private readonly opened = new Map<string, Opened>();

  constructor(
    private readonly links: DeepLinkRouter,
    private readonly session: EngineSession,
  ) {}

  /** Opens the link and lists its package. A wrong or missing password is its own error. */
  async open(token: string, password: string | undefined): Promise<PackagePreview> {
    const link = this.link(token);
    const client = clientFor(
      apiUrlFor(link, linkConfigFor(this.session.serverUrl)),
      this.session.manager.deps,
    );
    const { opened, files } = await openPackage(
      client,
      link,
      password,
      new AbortController().signal,
    );
    const summary = describePackage(opened, files);
    this.opened.delete(token);
    this.opened.set(token, { summary, files, password });
    while (this.opened.size > MAX_OPENED) {
      const oldest = this.opened.keys().next().value;
      if (oldest === undefined) break;
      this.opened.delete(oldest);
    }
    return {
      token,
      name: summary.name,
      ...(summary.sender === undefined ? {} : { sender: summary.sender }),
      size: summary.size,
      fileCount: summary.fileCount,
      ...(summary.expiry === undefined ? {} : { expiry: summary.expiry }),
      files: summary.files.map((f) => ({ id: f.id, path: f.path, size: f.size })),
      zips: summary.zips.map((z) => ({ id: z.id, name: z.name, kind: z.kind, size: z.size })),
    };
  }

  /** Where the chosen files would land, before any byte: names, clashes, space. */
  async preflight(choice: DownloadChoice, folder: string, policy: OnConflict) {
    const chosen = this.chosen(this.mustBeOpen(choice.token).files, choice);
    const planned = await planFiles(folder, chosen, { os: targetOs(), policy });
    const neededBytes = planned.files.reduce((n, f) => n + f.size, 0);
    const report: DownloadPreflight = {
      destination: folder,
      freeBytes: await freeSpace(folder),
      neededBytes,
      fileCount: planned.files.length,
      changedNames: planned.plan.entries
        .filter((e) => e.nameReasons.length > 0)
        .map((e) => ({ from: e.original, to: e.safePath, why: reasonWords(e.nameReasons) })),
      clashes: planned.plan.entries
        .filter((e) => e.action !== 'create')
        .map((e) => ({
          path: e.safePath,
          action: e.action === 'overwrite' ? 'overwrite' : e.action === 'skip' ? 'skip' : 'rename',
          to: e.finalPath,
        })),
      policy,
    };
    return report;
  }

  /**
   * The download input for a choice (the manager validates it again). A link that was not
   * opened first (a direct Download) is opened by the job itself, with the given password.
   */
  request(
    choice: DownloadChoice,
    folder: string,
    policy: OnConflict,
    givenPassword: string | undefined,
  ) {
    const opened = this.opened.get(choice.token);
    const link = this.link(choice.token);
    if (!isAbsolute(folder)) throw new IpcError('bad-input', 'Choose a folder (a full path).');
    const password = givenPassword ?? opened?.password;
    return {
      name: opened?.summary.name ?? link.linkId,
      link: { id: link.linkId, secret: link.secret },
      input: {
        linkUrl: formatMasvLink(link),
        destination: folder,
        policy,
        ...(password === undefined ? {} : { password }),
        ...(choice.zipId !== undefined
          ? { fileIds: [choice.zipId], includeZips: true }
          : choice.fileIds === undefined
            ? {}
            : { fileIds: choice.fileIds }),
      },
    };
  }

  isOpen(token: string): boolean {
    return this.opened.has(token);
  }

  private chosen(all: RemoteFile[], choice: DownloadChoice): RemoteFile[] {
    if (choice.zipId !== undefined)
      return selectFiles(all, { fileIds: [choice.zipId], includeZips: true });
    return selectFiles(all, choice.fileIds === undefined ? {} : { fileIds: choice.fileIds });
  }

  private link(token: string): MasvLink {
    const link = this.links.resolve(token);
    if (!link) throw new IpcError('link-gone', 'That link is no longer open here; paste it again.');
    return link;
  }

  private mustBeOpen(token: string): Opened {
    const opened = this.opened.get(token);
    if (!opened) throw new IpcError('link-not-open', 'Open the link first.');
    return opened;
  }
}

async function freeSpace(folder: string): Promise<number | null> {
  try {
    const st = await statfs(folder);
    return Number(st.bavail) * Number(st.bsize);
  } catch {
    return null;
  }
}
