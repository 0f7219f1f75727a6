// History (filled in part 2). Until then it says where finished transfers are.
import { RotateCcwClock } from 'lucide-react';
import { useStore } from 'zustand';
import { useServices } from '../../services';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { PlaceHeader } from '../../ui/place-header';

export function HistoryView() {
  const go = useStore(useServices().ui, (s) => s.go);
  return (
    <>
      <PlaceHeader title="History" />
      <div className="place-body place-center">
        <EmptyState
          icon={RotateCcwClock}
          title="History is coming"
          actions={<Button onClick={() => go('transfers')}>Open Transfers</Button>}
        >
          <p>
            Finished, failed and cancelled transfers stay in Transfers until you clear them. A
            searchable history of everything sent and received comes in a later version.
          </p>
        </EmptyState>
      </div>
    </>
  );
}
