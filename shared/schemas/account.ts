// The account as the window knows it: who is signed in, to which server, and the teams they can
// send to. Never a key, token or password: sign-in input goes in, only this comes out.
import { z } from 'zod';

export const TeamSummary = z.object({ id: z.string(), name: z.string() });
export type TeamSummary = z.infer<typeof TeamSummary>;

/** Where the credential is kept: the OS keychain, or (no keychain here) a file only the user can read. */
export const SecretBackend = z.enum(['keychain', 'file']);
export type SecretBackend = z.infer<typeof SecretBackend>;

export const AccountSnapshot = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('signed-out'),
    serverUrl: z.string(),
    /** True when serverUrl is MASV's production API. */
    production: z.boolean(),
  }),
  z.object({
    state: z.literal('signed-in'),
    serverUrl: z.string(),
    production: z.boolean(),
    method: z.enum(['api-key', 'password']),
    /** Known for password sign-in; an API key names no one. */
    email: z.string().optional(),
    teams: z.array(TeamSummary),
    /** The team uploads go to (one of `teams`), null when the account has none. */
    teamId: z.string().nullable(),
    secretBackend: SecretBackend,
    /** Set when the server stopped accepting the saved credential ("Sign in again"). */
    problem: z.string().optional(),
  }),
]);
export type AccountSnapshot = z.infer<typeof AccountSnapshot>;

const serverUrl = z.string().trim().max(2048).optional();

/** Sign-in input. Crosses IPC once, is checked with the server, then kept only in main. */
export const SignInInput = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('api-key'),
    apiKey: z.string().trim().min(1).max(1024),
    serverUrl,
  }),
  z.object({
    method: z.literal('password'),
    email: z.string().trim().min(3).max(320),
    password: z.string().min(1).max(1024),
    serverUrl,
  }),
]);
export type SignInInput = z.input<typeof SignInInput>;
