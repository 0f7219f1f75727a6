// Which API servers the app talks to: https anywhere, plain http only to a loopback address
// (the local MASV service). A key or package token sent over plain http to another host would
// cross the network readable by anyone on the path, so that is refused before any request.
// Pure (WHATWG URL only): the settings schema, the CLI and the MASV client share it.

export type ApiUrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/** 127.0.0.0/8, ::1 and the name localhost: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && v4.slice(1).every((n) => Number(n) <= 255);
}

export function checkApiUrl(text: string): ApiUrlCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `'${text}' is not a URL` };
  }
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol !== 'http:') {
    return { ok: false, message: `'${text}' is not an http(s) URL` };
  }
  if (isLoopbackHost(url.hostname)) return { ok: true, url };
  return {
    ok: false,
    message:
      `refusing plain http to ${url.host}: a MASV server must be reached over https ` +
      `(use https://${url.host}${url.pathname === '/' ? '' : url.pathname}); plain http is ` +
      'allowed only for a local service on a loopback address (127.0.0.1, ::1, localhost)',
  };
}
