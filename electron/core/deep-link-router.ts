// Deep links (masv:// from the browser, https links on the command line or from a second
// instance, macOS open-url) are untrusted. They are parsed into a closed shape, their secrets
// stay in main, and the renderer only ever sees a preview and an opaque token. Links that arrive
// before the renderer is ready are held until it says so. Opening a link prefills the download
// view; nothing starts without the user's confirmation.
import type { LinkAction } from '../../shared/ipc/contract';
import { MASV_LINK_SCHEME, parseMasvLink, type MasvLink } from '../../shared/links';

export interface DeepLinkRouterDeps {
  /** Link hosts of the configured server(s), e.g. `127.0.0.1:8480`. */
  extraHosts(): readonly string[];
  publish(action: LinkAction): void;
  newToken(): string;
  log?(message: string): void;
}

/** At most this many links are held; a flood of argv/open-url events cannot grow memory. */
const MAX_PENDING = 32;

export class DeepLinkRouter {
  private ready = false;
  private readonly queued: LinkAction[] = [];
  private readonly links = new Map<string, MasvLink>();

  constructor(private readonly deps: DeepLinkRouterDeps) {}

  /** Scans a process argv (first start or second-instance) for link arguments. */
  acceptArgv(argv: readonly string[]): void {
    for (const arg of argv) {
      if (looksLikeLink(arg)) this.accept(arg);
    }
  }

  /** A link handed over by the OS: shown to the renderer now, or held until it is ready. */
  accept(text: string): LinkAction | undefined {
    const result = this.parse(text);
    if (!result.ok) {
      this.deps.log?.(`ignored a link that is not a MASV link: ${result.message}`);
      return undefined;
    }
    if (this.ready) {
      this.deps.publish(result.action);
    } else {
      if (this.queued.length >= MAX_PENDING) this.queued.shift();
      this.queued.push(result.action);
    }
    return result.action;
  }

  /** A link the user pasted: the renderer asked, so it gets the answer (or why not) directly. */
  parse(text: string): { ok: true; action: LinkAction } | { ok: false; message: string } {
    const parsed = parseMasvLink(text, { extraHosts: this.deps.extraHosts() });
    if (!parsed.ok) return { ok: false, message: parsed.error.message };
    return { ok: true, action: this.remember(parsed.link) };
  }

  /** The renderer is listening: hands over what arrived before, in order. */
  markReady(): LinkAction[] {
    this.ready = true;
    return this.queued.splice(0);
  }

  /** The renderer went away (window closed): hold links again until it is back. */
  markNotReady(): void {
    this.ready = false;
  }

  /** Resolves a token the renderer was given back to the link (with its secret). */
  resolve(token: string): MasvLink | undefined {
    return this.links.get(token);
  }

  private remember(link: MasvLink): LinkAction {
    const token = this.deps.newToken();
    this.links.set(token, link);
    while (this.links.size > MAX_PENDING) {
      const oldest = this.links.keys().next().value;
      if (oldest === undefined) break;
      this.links.delete(oldest);
    }
    return {
      token,
      preview: { linkId: link.linkId, host: link.host, production: link.production },
    };
  }
}

function looksLikeLink(arg: string): boolean {
  return arg.startsWith(`${MASV_LINK_SCHEME}://`) || /^https?:\/\//i.test(arg);
}
