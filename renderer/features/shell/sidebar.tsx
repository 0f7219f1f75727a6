// The left column: the app's mark, the places (with live counts) and the account at the foot.
import { useStore } from 'zustand';
import { useServices } from '../../services';
import { aggregate } from '../../stores/selectors';
import { AccountFoot } from '../account/account-foot';
import { SIDEBAR_PLACES } from './places';

export function Sidebar() {
  const { ui, transfers, staging } = useServices();
  const place = useStore(ui, (s) => s.place);
  const go = useStore(ui, (s) => s.go);
  const active = useStore(transfers, (s) => aggregate(s).active);
  const staged = useStore(staging, (s) => s.snapshot.items.length);
  const modifier = navigator.platform.startsWith('Mac') ? 'Meta' : 'Control';

  const countOf = (p: string): { n: number; words: string } | null => {
    if (p === 'transfers' && active > 0) return { n: active, words: `${active} active` };
    if (p === 'send' && staged > 0) return { n: staged, words: `${staged} staged` };
    return null;
  };

  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          M
        </span>
        <span className="brand-name">MASV Desktop</span>
      </div>
      <nav className="nav" aria-label="Places">
        <ul>
          {SIDEBAR_PLACES.map((entry, i) => {
            const count = countOf(entry.place);
            const Icon = entry.icon;
            return (
              <li key={entry.place}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={place === entry.place ? 'page' : undefined}
                  aria-keyshortcuts={`${modifier}+${i + 1}`}
                  onClick={() => go(entry.place)}
                >
                  <Icon size={16} aria-hidden="true" className="nav-icon" />
                  <span className="nav-label">{entry.label}</span>
                  {count && (
                    <span className="nav-count num">
                      <span aria-hidden="true">{count.n}</span>
                      <span className="sr-only">, {count.words}</span>
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      </nav>
      <AccountFoot />
    </aside>
  );
}
