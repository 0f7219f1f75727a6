// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROGRESS_EVERY_MS } from '../../renderer/features/shell/use-announcer';
import { fakeBridge, MiB, servicesFor, signedIn, startAnswers, transfer } from './fake-bridge';
import { fakeLayout } from './layout';
import { renderApp } from './render-app';

beforeAll(fakeLayout);
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('progress for screen readers', () => {
  it('says finished and failed transfers at once, overall progress at most every 15 s', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const bridge = fakeBridge(startAnswers({ account: signedIn, list: [transfer({ seq: 1 })] }));
    await renderApp(servicesFor(bridge));
    const said = () => screen.getByTestId('announcer').textContent;
    expect(screen.getByTestId('announcer').getAttribute('aria-live')).toBe('polite');
    expect(said()).toBe('');

    // Many progress pushes within the interval: nothing is said.
    for (let seq = 2; seq < 40; seq++) {
      act(() =>
        bridge.push('transfers:transfer-changed', {
          type: 'progress',
          snapshot: transfer({ seq, bytesDone: seq * MiB }),
        }),
      );
    }
    act(() => void vi.advanceTimersByTime(PROGRESS_EVERY_MS - 1));
    expect(said()).toBe('');
    act(() => void vi.advanceTimersByTime(1));
    expect(said()).toBe('1 transfer active, 3 % done.');

    act(() =>
      bridge.push('transfers:transfer-changed', {
        type: 'state',
        snapshot: transfer({ seq: 50, state: 'complete', bytesDone: 1024 * MiB }),
      }),
    );
    expect(said()).toBe('Upload of “Dailies” is complete.');
  });
});
