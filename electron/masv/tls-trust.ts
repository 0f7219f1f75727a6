// TLS settings of every pool that talks to MASV and its storage: TLS 1.2 at least, and a custom
// CA (the local service, a company proxy) added to what the system already trusts. Node's `ca`
// option alone would replace the trust instead: the public CAs and NODE_EXTRA_CA_CERTS would be
// dropped, so production MASV, whose storage lives on other hosts, would stop working the moment
// a CA file is configured.
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import type { SecureContext } from 'node:tls';
import { masvError } from './errors';

export const MIN_TLS_VERSION = 'TLSv1.2' as const;

/** The certificates of a PEM text (a bundle may hold several). */
export function pemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

type CaLister = (type: 'default') => string[];

/**
 * What Node trusts when no `ca` is given. Newer Node (22.15+, Electron's) lists it itself,
 * including the OS store when that is enabled; Node 20 has no such call, so its bundled roots
 * plus NODE_EXTRA_CA_CERTS, read the way Node reads them at start-up, stand in for it.
 * (addCACert on a default context is no way around this: Node 20 copies only the bundled roots
 * into the context's own store, so NODE_EXTRA_CA_CERTS would be lost there too.)
 */
export function systemTrust(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = (tls as { getCACertificates?: CaLister }).getCACertificates;
  if (typeof list === 'function') return list('default');
  const extraFile = env.NODE_EXTRA_CA_CERTS;
  let extra: string[] = [];
  if (extraFile !== undefined && extraFile !== '') {
    try {
      extra = pemCertificates(readFileSync(extraFile, 'utf8'));
    } catch {
      // Node itself only warns about an unreadable file and goes on without it.
    }
  }
  return [...tls.rootCertificates, ...extra];
}

/** One context for every connection of a pool: TLS 1.2 or later, system trust plus `extraPem`. */
export function secureContextWith(extraPem: string | undefined): SecureContext {
  if (extraPem === undefined) return tls.createSecureContext({ minVersion: MIN_TLS_VERSION });
  const added = pemCertificates(extraPem);
  if (added.length === 0) {
    throw masvError('invalid-input', {
      message: 'the CA file holds no PEM certificate',
      retryable: false,
    });
  }
  return tls.createSecureContext({ minVersion: MIN_TLS_VERSION, ca: [...systemTrust(), ...added] });
}
