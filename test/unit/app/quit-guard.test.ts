import { describe, expect, it } from 'vitest';
import { quitPrompt } from '../../../electron/app/quit-guard';
import { sampleTransfer } from '../../fakes/fake-handlers';

describe('quitPrompt', () => {
  it('asks only when something runs, and says what happens to it', () => {
    expect(quitPrompt([])).toBeUndefined();
    expect(quitPrompt([{ ...sampleTransfer, state: 'paused' }])).toBeUndefined();
    expect(quitPrompt([{ ...sampleTransfer, state: 'complete' }])).toBeUndefined();
    const p = quitPrompt([
      { ...sampleTransfer, state: 'transferring' },
      { ...sampleTransfer, id: 't2', state: 'queued' },
    ]);
    expect(p?.message).toBe('2 transfers are still running. Quit anyway?');
    expect(p?.detail).toMatch(/paused/);
    expect(p?.buttons).toEqual(['Pause and quit', 'Keep running']);
  });
});
