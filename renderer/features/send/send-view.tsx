// Send: stage files and folders (checked by main before anything starts), choose where they go,
// and start. The transfer appears in the queue at once; the window goes there to show it.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Send } from 'lucide-react';
import { useStore } from 'zustand';
import { messageOf } from '../../api/bridge';
import { useServices } from '../../services';
import { Button } from '../../ui/button';
import { formatBytes, plural } from '../../ui/format';
import { PlaceHeader } from '../../ui/place-header';
import { DestinationForm } from './destination-form';
import { usePortalLookup } from './portal-lookup';
import { defaultName, validateSend, type FieldErrors } from './send-validation';
import { StagingPanel } from './staging-panel';

export function SendView() {
  const services = useServices();
  const { api, draft, staging, account, ui } = services;
  const items = useStore(staging, (s) => s.snapshot.items);
  const totals = useStore(staging, (s) => s.snapshot.totals);
  const subdomain = useStore(draft, (s) => s.subdomain);
  const nameTouched = useStore(draft, (s) => s.nameTouched);
  const lookup = usePortalLookup(subdomain);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  // The name follows what is staged until the user types one.
  useEffect(() => {
    if (!nameTouched) draft.getState().set({ name: defaultName(items) });
  }, [items, nameTouched, draft]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    const snap = staging.getState().snapshot;
    const d = draft.getState();
    const v = validateSend(
      d,
      account.getState().account,
      { items: snap.items.length, scanning: snap.scanning.length },
      d.portal,
    );
    if (!v.ok) {
      setErrors(v.errors);
      // After the errors render, take the user to the first field that needs them.
      window.setTimeout(() => {
        form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      });
      if (v.errors.files) setFormError(v.errors.files);
      else if (v.errors.team) setFormError(v.errors.team);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await api.invoke('uploads:start', { destination: v.destination });
      ui.getState().toast(`Sending “${v.destination.name}”.`, 'success');
      draft.getState().reset();
      ui.getState().go('transfers');
    } catch (err) {
      setFormError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PlaceHeader
        title="Send"
        subtitle={
          items.length === 0
            ? 'A new package of files and folders.'
            : `${plural(totals.files, 'file')}, ${formatBytes(totals.bytes)} ready to send.`
        }
        actions={
          <Button type="submit" form="send-form" variant="primary" icon={Send} busy={busy}>
            Send
          </Button>
        }
      />
      <form
        id="send-form"
        ref={form}
        className="place-body send-grid"
        aria-label="New upload"
        noValidate
        onSubmit={(e) => void submit(e)}
      >
        <StagingPanel />
        <div className="send-side">
          <DestinationForm errors={errors} lookup={lookup} />
          {formError && (
            <p className="form-error" role="alert">
              {formError}
            </p>
          )}
        </div>
      </form>
    </>
  );
}
