// A private CA and a server certificate for serving the emulator over HTTPS. Generated once per
// data folder so a client that trusted the CA keeps trusting the emulator across restarts.
import { webcrypto } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type * as X509 from '@peculiar/x509';

export interface TlsMaterial {
  caCertPem: string;
  caCertPath: string;
  certPem: string;
  keyPem: string;
}

const crypto = webcrypto;

async function loadX509(): Promise<typeof X509> {
  // @peculiar/x509 loads tsyringe, which needs the reflect-metadata polyfill installed first.
  await import('reflect-metadata');
  return import('@peculiar/x509');
}
const ALG: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = {
  name: 'ECDSA',
  namedCurve: 'P-256',
  hash: 'SHA-256',
};
const DAY_MS = 86_400_000;

async function tryRead(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Returns the CA and server certificate stored in `<dataDir>/tls/`, creating them on first use.
 * The server certificate names every entry of `hosts` (IP literals become IP SANs).
 */
export async function ensureTls(
  dataDir: string,
  hosts: string[] = ['127.0.0.1', 'localhost'],
): Promise<TlsMaterial> {
  const dir = join(dataDir, 'tls');
  const caCertPath = join(dir, 'ca.pem');
  const certPath = join(dir, 'server.pem');
  const keyPath = join(dir, 'server-key.pem');
  const [caCertPem, certPem, keyPem] = await Promise.all([
    tryRead(caCertPath),
    tryRead(certPath),
    tryRead(keyPath),
  ]);
  if (caCertPem && certPem && keyPem) return { caCertPem, caCertPath, certPem, keyPem };

  const x509 = await loadX509();
  x509.cryptoProvider.set(crypto);
  const notBefore = new Date(Date.now() - DAY_MS);
  // Ten years: a test data folder may be reused for a long time; nothing here is a real secret.
  const notAfter = new Date(Date.now() + 3650 * DAY_MS);
  const caKeys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=MASV Emulator Local CA',
    keys: caKeys,
    signingAlgorithm: ALG,
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const serverKeys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const names = hosts.map((h) => ({
    type: isIP(h) ? ('ip' as const) : ('dns' as const),
    value: h,
  }));
  const server = await x509.X509CertificateGenerator.create({
    subject: `CN=${hosts[0] ?? 'localhost'}`,
    issuer: ca.subject,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALG,
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  const material: TlsMaterial = {
    caCertPem: ca.toString('pem') + '\n',
    caCertPath,
    certPem: server.toString('pem') + '\n',
    keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n',
  };
  await mkdir(dir, { recursive: true });
  await writeFile(caCertPath, material.caCertPem);
  await writeFile(certPath, material.certPem);
  await writeFile(keyPath, material.keyPem, { mode: 0o600 });
  return material;
}
