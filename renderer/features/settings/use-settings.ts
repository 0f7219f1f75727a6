// Saving settings: each change goes to main at once (validated there by the same schema), and the
// window shows what main answers. A refusal is shown in main's words.
import { useCallback } from 'react';
import type { SettingsValues } from '../../../shared/ipc/contract';
import { messageOf } from '../../api/bridge';
import { applySettings } from '../../api/connect';
import { useServices } from '../../services';

export function useSaveSettings(): (patch: Partial<SettingsValues>) => Promise<boolean> {
  const services = useServices();
  const { api, ui } = services;
  return useCallback(
    async (patch) => {
      try {
        applySettings(services, await api.invoke('settings:update', { patch }));
        return true;
      } catch (e) {
        ui.getState().toast(messageOf(e), 'error');
        return false;
      }
    },
    [api, ui, services],
  );
}

const MIB = 1024 * 1024;

/** A limit as the user types it (MiB/s; empty = no limit) to bytes per second, or an error. */
export function parseLimit(text: string): { value: number | null } | { error: string } {
  const t = text.trim();
  if (t === '') return { value: null };
  const n = Number(t);
  if (!Number.isFinite(n) || n <= 0)
    return { error: 'Type a number above 0, or leave it empty for no limit.' };
  if (n > 100_000) return { error: 'At most 100,000 MiB/s.' };
  return { value: Math.max(1, Math.round(n * MIB)) };
}

export function limitText(bytesPerSecond: number | null): string {
  if (bytesPerSecond === null) return '';
  const mib = bytesPerSecond / MIB;
  return String(Math.round(mib * 100) / 100);
}

/** A whole number within bounds, or the sentence that says what is allowed. */
export function parseWhole(
  text: string,
  min: number,
  max: number,
): { value: number } | { error: string } {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    return {
      error: `A whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`,
    };
  return { value: n };
}
