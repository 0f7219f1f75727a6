// Client error output can echo URLs and headers; the bench prints it only after this pass.
const PATTERNS: Array<[RegExp, string]> = [
  [/(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s"']+/gi, '$1REDACTED'],
  [/([?&]secret=)[^&\s"']+/gi, '$1REDACTED'],
  [
    /((?:x-api-key|x-package-token|x-user-token|authorization)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
    '$1REDACTED',
  ],
  [/(Credential=)[^,\s]+/g, '$1REDACTED'],
  [/(Signature=)[0-9a-f]+/gi, '$1REDACTED'],
];

export function redactSecrets(text: string, extra: readonly string[] = []): string {
  let out = text;
  for (const [re, to] of PATTERNS) out = out.replace(re, to);
  for (const secret of extra) if (secret.length >= 8) out = out.split(secret).join('REDACTED');
  return out;
}
