// What `npm run emulator` (and `npm run preview`, which starts the same service) prints: where
// the service listens and the seeded demo account to sign in with.
import type { Emulator } from './index';

export function emulatorBanner(emu: Emulator): string[] {
  const d = emu.demo;
  return [
    'MASV emulator running',
    `  API            ${emu.apiUrl}`,
    `  storage        ${emu.storageUrl}  (bucket ${emu.s3.bucket})`,
    `  link base      ${emu.linkBaseUrl}`,
    `  data folder    ${emu.dataDir}`,
    ...(emu.caCertPath ? [`  TLS CA         ${emu.caCertPath}`] : []),
    'Demo account',
    `  team           ${d.teamName} (${d.teamId})`,
    `  email          ${d.email}`,
    `  password       ${d.password}`,
    `  API key        ${d.apiKey}`,
    `  portal         ${d.portalSubdomain} (open)`,
    `  locked portal  ${d.lockedPortalSubdomain} (access code ${d.lockedPortalAccessCode})`,
    `  package        ${d.packageId}`,
    `  link           ${d.linkUrl}`,
    'S3 credentials (for rclone / aws-cli against the storage URL)',
    `  access key     ${emu.s3.accessKeyId}`,
    `  secret key     ${emu.s3.secretAccessKey}`,
    `  region         ${emu.s3.region}`,
    'Admin: GET/PUT/DELETE /_emulator/faults, GET /_emulator/log, POST /_emulator/reset-log. Ctrl-C stops.',
  ];
}
