// Settings: every setting, validated as it is typed, saved and applied at once (parts in flight,
// part size, limits and the schedule reach running transfers; the folder and the clash rule the
// next download). The server is changed at sign-in; diagnostics and versions at the foot.
import { useEffect, useState } from 'react';
import { FileArchive, FolderOpen } from 'lucide-react';
import { useStore } from 'zustand';
import type { AboutInfo, SettingsSnapshot } from '../../../shared/ipc/contract';
import { MAX_CHUNK_SIZE, MIN_CHUNK_SIZE } from '../../../shared/schemas/settings';
import { messageOf } from '../../api/bridge';
import { useServices } from '../../services';
import { Button } from '../../ui/button';
import { Checkbox } from '../../ui/checkbox';
import { formatRate } from '../../ui/format';
import { PlaceHeader } from '../../ui/place-header';
import { Segmented } from '../../ui/segmented';
import { CommittedField } from './committed-field';
import { ScheduleEditor } from './schedule-editor';
import { limitText, parseLimit, parseWhole, useSaveSettings } from './use-settings';

const MIB = 1024 * 1024;

export function SettingsView() {
  const settings = useStore(useServices().account, (s) => s.settings);
  return (
    <>
      <PlaceHeader title="Settings" subtitle="Changes are saved and applied at once." />
      <div className="place-body place-narrow settings">
        {settings === null ? <p className="muted">Loading…</p> : <Sections s={settings} />}
        <Diagnostics />
      </div>
    </>
  );
}

function Sections({ s }: { s: SettingsSnapshot }) {
  const { api, ui } = useServices();
  const save = useSaveSettings();
  const v = s.values;
  const limit = (n: number | null) => (n === null ? 'no limit' : formatRate(n));
  const chooseFolder = async () => {
    try {
      const { path } = await api.invoke('dialogs:pick-folder');
      if (path !== null) await save({ downloadFolder: path });
    } catch (e) {
      ui.getState().toast(messageOf(e), 'error');
    }
  };

  return (
    <>
      <section className="card" aria-labelledby="set-transfers">
        <h2 id="set-transfers" className="card-title">
          Transfers
        </h2>
        <div className="field-pair">
          <CommittedField
            label="Parts in flight"
            hint="Shared by every transfer. 8 suits most lines."
            inputMode="numeric"
            value={String(v.partConcurrency)}
            commit={async (t) => {
              const r = parseWhole(t, 1, 64);
              if ('error' in r) return r.error;
              await save({ partConcurrency: r.value });
              return null;
            }}
          />
          <CommittedField
            label="Largest part"
            suffix="MiB"
            hint="Parts start small and grow to this on a fast line."
            inputMode="numeric"
            value={String(Math.round(v.chunkSizeBytes / MIB))}
            commit={async (t) => {
              const r = parseWhole(t, MIN_CHUNK_SIZE / MIB, MAX_CHUNK_SIZE / MIB);
              if ('error' in r) return r.error;
              await save({ chunkSizeBytes: r.value * MIB });
              return null;
            }}
          />
        </div>
        <Checkbox
          checked={v.integrityCheck}
          onChange={(integrityCheck) => void save({ integrityCheck })}
        >
          Check each part’s MD5 against what MASV stored (uses more CPU)
        </Checkbox>
        <div className="field">
          <span className="field-label" id="set-folder-label">
            Downloads go to
          </span>
          <div className="folder-line">
            <span className="folder-path selectable" aria-labelledby="set-folder-label">
              {s.downloadFolder}
            </span>
            <Button icon={FolderOpen} onClick={() => void chooseFolder()}>
              Choose…
            </Button>
            {v.downloadFolder !== null && (
              <Button variant="ghost" onClick={() => void save({ downloadFolder: null })}>
                Use the default
              </Button>
            )}
          </div>
        </div>
        <div className="field">
          <span className="field-label">When a downloaded file’s name is taken</span>
          <Segmented
            label="When a downloaded file’s name is taken"
            value={v.onConflict}
            options={[
              { value: 'rename', label: 'Keep both (rename)' },
              { value: 'skip', label: 'Skip it' },
              { value: 'overwrite', label: 'Replace it' },
            ]}
            onChange={(onConflict) => void save({ onConflict })}
          />
        </div>
      </section>

      <section className="card" aria-labelledby="set-bandwidth">
        <h2 id="set-bandwidth" className="card-title">
          Bandwidth
        </h2>
        <p className="in-force" role="status">
          In force now: upload {limit(s.uploadLimitBytesPerSecond)}, download{' '}
          {limit(s.downloadLimitBytesPerSecond)}
          {s.scheduleInForce ? ` (schedule: ${s.scheduleInForce})` : ''}.
        </p>
        <div className="field-pair">
          <CommittedField
            label="Upload limit"
            suffix="MiB/s"
            inputMode="decimal"
            placeholder="No limit"
            value={limitText(v.uploadLimitBytesPerSecond)}
            commit={async (t) => {
              const r = parseLimit(t);
              if ('error' in r) return r.error;
              await save({ uploadLimitBytesPerSecond: r.value });
              return null;
            }}
          />
          <CommittedField
            label="Download limit"
            suffix="MiB/s"
            inputMode="decimal"
            placeholder="No limit"
            value={limitText(v.downloadLimitBytesPerSecond)}
            commit={async (t) => {
              const r = parseLimit(t);
              if ('error' in r) return r.error;
              await save({ downloadLimitBytesPerSecond: r.value });
              return null;
            }}
          />
        </div>
        <h3 className="card-subtitle">Weekly schedule</h3>
        <ScheduleEditor
          rules={v.bandwidthSchedule}
          save={(bandwidthSchedule) => save({ bandwidthSchedule })}
        />
      </section>

      <section className="card" aria-labelledby="set-app">
        <h2 id="set-app" className="card-title">
          App
        </h2>
        <div className="field">
          <span className="field-label">Theme</span>
          <Segmented
            label="Theme"
            value={v.theme}
            options={[
              { value: 'system', label: 'Like the system' },
              { value: 'light', label: 'Light' },
              { value: 'dark', label: 'Dark' },
            ]}
            onChange={(theme) => void save({ theme })}
          />
        </div>
        <Checkbox
          checked={v.notifications}
          onChange={(notifications) => void save({ notifications })}
        >
          Notify me when a transfer completes or fails
        </Checkbox>
        <Checkbox checked={v.closeToTray} onChange={(closeToTray) => void save({ closeToTray })}>
          Closing the window keeps transfers running in the tray
        </Checkbox>
        <Checkbox
          checked={v.launchAtLogin}
          onChange={(launchAtLogin) => void save({ launchAtLogin })}
        >
          Start with the computer, in the tray
        </Checkbox>
      </section>

      <section className="card" aria-labelledby="set-advanced">
        <h2 id="set-advanced" className="card-title">
          Advanced
        </h2>
        <dl className="facts">
          <dt>Server</dt>
          <dd className="selectable">
            {s.serverUrl}
            <span className="muted"> · changed when you sign in</span>
          </dd>
        </dl>
        <CommittedField
          label="Extra certificate authority (PEM file)"
          hint="Added to what the system trusts, for a private server. Leave empty for none."
          placeholder="/path/to/ca.pem"
          value={v.caFile ?? ''}
          commit={async (t) => {
            const path = t.trim();
            if (path !== '' && !/^([A-Za-z]:[\\/]|\/)/.test(path))
              return 'Type the full path of the file.';
            await save({ caFile: path === '' ? null : path });
            return null;
          }}
        />
      </section>
    </>
  );
}

function Diagnostics() {
  const { api, ui } = useServices();
  const [about, setAbout] = useState<AboutInfo | null>(null);
  const [written, setWritten] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.invoke('app:about').then(setAbout, () => undefined);
  }, [api]);
  const exportNow = async () => {
    setBusy(true);
    try {
      const r = await api.invoke('diagnostics:export');
      if (r.path !== null) setWritten(r.path);
    } catch (e) {
      ui.getState().toast(messageOf(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="set-about">
      <h2 id="set-about" className="card-title">
        Diagnostics and versions
      </h2>
      <p className="muted">
        One archive with the app log, the API log, settings and versions, for support. Keys, tokens,
        link secrets and passwords are never in it.
      </p>
      <div className="folder-line">
        <Button icon={FileArchive} busy={busy} onClick={() => void exportNow()}>
          Export diagnostics…
        </Button>
        {written && (
          <span className="muted selectable" role="status">
            Written to {written}
          </span>
        )}
      </div>
      {about && (
        <dl className="facts facts-compact" aria-label="Versions">
          <dt>MASV Desktop</dt>
          <dd className="num">{about.app}</dd>
          <dt>Electron</dt>
          <dd className="num">{about.electron ?? 'none (browser preview)'}</dd>
          <dt>Chromium</dt>
          <dd className="num">{about.chrome ?? 'the browser’s own'}</dd>
          <dt>Node.js</dt>
          <dd className="num">{about.node}</dd>
          <dt>System</dt>
          <dd>
            {about.os} ({about.platform} {about.arch})
          </dd>
        </dl>
      )}
    </section>
  );
}
