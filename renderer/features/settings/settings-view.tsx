// Settings (editable in part 2). For now: what is in force, read from main.
import { useStore } from 'zustand';
import { useServices } from '../../services';
import { formatRate } from '../../ui/format';
import { PlaceHeader } from '../../ui/place-header';

export function SettingsView() {
  const settings = useStore(useServices().account, (s) => s.settings);
  const limit = (n: number | null | undefined) => (n == null ? 'No limit' : formatRate(n));
  return (
    <>
      <PlaceHeader
        title="Settings"
        subtitle="Changing these from the window comes in a later version."
      />
      <div className="place-body place-narrow">
        <section className="card" aria-labelledby="settings-now">
          <h2 id="settings-now" className="card-title">
            In force now
          </h2>
          {settings === null ? (
            <p className="muted">Loading…</p>
          ) : (
            <dl className="facts">
              <dt>Server</dt>
              <dd className="selectable">{settings.serverUrl}</dd>
              <dt>Downloads go to</dt>
              <dd className="selectable">{settings.downloadFolder}</dd>
              <dt>Upload limit</dt>
              <dd className="num">{limit(settings.uploadLimitBytesPerSecond)}</dd>
              <dt>Download limit</dt>
              <dd className="num">{limit(settings.downloadLimitBytesPerSecond)}</dd>
            </dl>
          )}
        </section>
      </div>
    </>
  );
}
