// The line under a row that needs the user: a failed transfer's error with the buttons that fix
// it, why main paused it (signed out, another server), or an upload left open to finalize.
import { Info, TriangleExclamationPoint } from 'lucide-react';
import { useStore } from 'zustand';
import type { TransferView } from '../../../shared/schemas/transfer-view';
import { useServices } from '../../services';
import { Button } from '../../ui/button';
import { adviceFor } from './error-advice';
import type { RowChannel } from './use-transfer-action';

interface Props {
  t: TransferView;
  act: (channel: RowChannel, id: string) => Promise<void>;
}

export function RowNotice({ t, act }: Props) {
  const { ui, account } = useServices();
  const signedOut = useStore(account, (s) => s.account?.state === 'signed-out');
  const signIn = (
    <Button size="sm" variant="primary" onClick={() => ui.getState().go('account')}>
      Sign in again
    </Button>
  );

  if (t.state === 'failed' && t.error) {
    const advice = adviceFor(t.error, t.kind);
    return (
      <div className="notice row-notice notice-failed" role="alert">
        <TriangleExclamationPoint size={14} aria-hidden="true" className="row-notice-icon" />
        <p className="row-notice-text">{advice.text}</p>
        {advice.fixes.map((fix, i) =>
          fix === 'sign-in' ? (
            <span key={fix}>{signIn}</span>
          ) : fix === 'retry' ? (
            <Button
              key={fix}
              size="sm"
              variant={i === 0 ? 'primary' : 'secondary'}
              onClick={() => void act('transfers:retry', t.id)}
            >
              Retry
            </Button>
          ) : null,
        )}
      </div>
    );
  }
  if (t.state === 'paused' && t.pauseReason) {
    return (
      <div className="notice row-notice notice-paused">
        <Info size={14} aria-hidden="true" className="row-notice-icon" />
        <p className="row-notice-text">{t.pauseReason}</p>
        {signedOut && signIn}
      </div>
    );
  }
  if (t.state === 'idle') {
    return (
      <div className="notice row-notice notice-idle">
        <Info size={14} aria-hidden="true" className="row-notice-icon" />
        <p className="row-notice-text">
          Every file is sent and the package is still open. Add more files, or finalize it so
          recipients can download it.
        </p>
      </div>
    );
  }
  return null;
}
