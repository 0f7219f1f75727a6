// Reads back what the server stored for a link, through the public API (open link → list files
// → download URL → GET), as SHA-256 per package path. Used to check uploads byte for byte.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export async function serverHashes(apiUrl: string, linkUrl: string): Promise<Map<string, string>> {
  const link = new URL(linkUrl);
  const linkId = link.pathname.replace(/^\//, '');
  const secret = link.searchParams.get('secret') ?? '';
  const opened = (await (await fetch(`${apiUrl}/v1/links/${linkId}?secret=${secret}`)).json()) as {
    package_id: string;
    package_token: string;
  };
  const headers = { 'x-package-token': opened.package_token };
  const files = (await (
    await fetch(`${apiUrl}/v1/packages/${opened.package_id}/files`, { headers })
  ).json()) as Array<{
    id: string;
    kind: string;
    name: string;
    path: string;
  }>;
  const out = new Map<string, string>();
  for (const f of files.filter((x) => x.kind === 'file')) {
    const dl = (await (
      await fetch(`${apiUrl}/v1/packages/${opened.package_id}/files/${f.id}/download`, { headers })
    ).json()) as {
      url: string;
    };
    const res = await fetch(dl.url);
    if (!res.ok) throw new Error(`GET ${f.name}: ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    out.set(
      f.path === '' ? f.name : `${f.path}/${f.name}`,
      createHash('sha256').update(bytes).digest('hex'),
    );
  }
  return out;
}

/** SHA-256 of every file under root, keyed by `<prefix>/<relative path>`. */
export function localHashes(root: string, prefix = path.basename(root)): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else {
        const rel = path.relative(root, abs).split(path.sep).join('/');
        out.set(
          prefix === '' ? rel : `${prefix}/${rel}`,
          createHash('sha256').update(readFileSync(abs)).digest('hex'),
        );
      }
    }
  };
  walk(root);
  return out;
}
