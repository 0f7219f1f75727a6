// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckboxTree, type TreeNode } from '../../renderer/ui/checkbox-tree';
import { EmailChips, type Chip } from '../../renderer/ui/chips';
import { formatBytes, formatEta } from '../../renderer/ui/format';
import { ProgressBar } from '../../renderer/ui/progress-bar';

afterEach(cleanup);

describe('figures', () => {
  it('uses binary units with three significant digits, like the CLI', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(12.34 * 1024 * 1024)).toBe('12.3 MiB');
    expect(formatBytes(1023.9 * 1024)).toBe('1.00 MiB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3.00 TiB');
  });

  it('says ETAs in words', () => {
    expect(formatEta(null)).toBe('—');
    expect(formatEta(12.2)).toBe('13 s');
    expect(formatEta(240)).toBe('4 min');
    expect(formatEta(4800)).toBe('1 h 20 min');
    expect(formatEta(7200)).toBe('2 h');
    expect(formatEta(3 * 86400 + 4 * 3600)).toBe('3 d 4 h');
  });
});

function ChipsHarness({ initial = [] as Chip[] }) {
  const [chips, setChips] = useState(initial);
  return <EmailChips label="Recipients" chips={chips} onChange={setChips} />;
}

describe('e-mail chips', () => {
  it('turns typed and pasted text into chips, marks what is no address, removes by key', async () => {
    render(<ChipsHarness />);
    const user = userEvent.setup();
    const input = screen.getByRole('textbox', { name: 'Recipients' });
    await user.type(input, 'a@example.com{Enter}b@x');
    await user.tab();
    const chips = () => screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(chips()).toEqual(['a@example.com', 'b@x (not an e-mail address)']);
    expect(screen.getByRole('alert').textContent).toBe(
      'b@x is not an e-mail address. Fix or remove it.',
    );
    await user.click(input);
    await user.paste('c@example.com; d@example.com,a@example.com');
    expect(chips()).toHaveLength(4);
    await user.keyboard('{Backspace}');
    expect(chips()).toEqual(['a@example.com', 'b@x (not an e-mail address)', 'c@example.com']);
    await user.click(screen.getByRole('button', { name: 'Remove b@x' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

const tree: TreeNode[] = [
  {
    id: 'day1',
    label: 'Day 1',
    children: [
      { id: 'a', label: 'a.mov' },
      { id: 'b', label: 'b.mov' },
    ],
  },
  { id: 'c', label: 'notes.txt' },
];

function TreeHarness() {
  const [checked, setChecked] = useState<Set<string>>(new Set(['a']));
  return <CheckboxTree nodes={tree} checked={checked} onChange={setChecked} label="Files" />;
}

describe('checkbox tree', () => {
  it('shows a folder mixed when some files are checked, and checks all of it on click', async () => {
    render(<TreeHarness />);
    const user = userEvent.setup();
    const folder = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Day 1' });
    expect(folder.indeterminate).toBe(true);
    await user.click(folder);
    expect(folder.checked).toBe(true);
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'b.mov' }).checked).toBe(true);
    await user.click(folder);
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'a.mov' }).checked).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Collapse Day 1' }));
    expect(screen.queryByRole('checkbox', { name: 'a.mov' })).toBeNull();
  });
});

describe('progress bar', () => {
  it('exposes real byte counts, and finalizing fills the bar with stripes, not 100 %', () => {
    render(
      <>
        <ProgressBar value={30} max={120} tone="moving" label="moving" />
        <ProgressBar value={50} max={120} tone="finalizing" striped label="finalizing" />
      </>,
    );
    const moving = screen.getByRole('progressbar', { name: 'moving' });
    expect(moving.getAttribute('aria-valuenow')).toBe('30');
    expect((moving.firstElementChild as HTMLElement).style.width).toBe('25%');
    const finalizing = screen.getByRole('progressbar', { name: 'finalizing' });
    expect(finalizing.className).toContain('is-striped');
    expect(finalizing.className).toContain('tone-finalizing');
    expect(finalizing.getAttribute('aria-valuenow')).toBe('50');
  });
});
