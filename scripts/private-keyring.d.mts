// Types of private-keyring.mjs for the TypeScript scripts that use it (scripts/preview.ts).
export function wantsPrivateKeyring(): boolean;
export function reexecWithPrivateKeyring(nodeArgs: string[]): never;
