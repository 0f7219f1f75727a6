// How the window names an account: its e-mail when known (password sign-in), else the key.
import type { AccountSnapshot } from '../../../shared/ipc/contract';

type SignedIn = Extract<AccountSnapshot, { state: 'signed-in' }>;

/** Two short lines for the sidebar: who, then where (an API key names a team, not a person). */
export function accountLines(a: SignedIn): { who: string; where: string } {
  if (a.problem) return { who: a.email ?? teamName(a), where: 'Sign in again' };
  return a.email ? { who: a.email, where: teamName(a) } : { who: teamName(a), where: 'API key' };
}

export function teamName(a: SignedIn): string {
  const team = a.teams.find((t) => t.id === a.teamId);
  return team?.name ?? (a.teams.length === 0 ? 'No team' : 'Choose a team');
}

export function initialsOf(a: SignedIn): string {
  const source = a.email ?? teamName(a);
  const letters = source
    .split(/[@.\s_-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase());
  return letters.join('') || 'M';
}

/** The server as the user knows it: "MASV" for production, the host for anything else. */
export function serverName(serverUrl: string, production: boolean): string {
  if (production) return 'MASV';
  try {
    return new URL(serverUrl).host;
  } catch {
    return serverUrl;
  }
}
