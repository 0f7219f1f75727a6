import { AppShell } from './features/shell/app-shell';
import { ServicesProvider, type Services } from './services';

export function App({ services }: { services: Services }) {
  return (
    <ServicesProvider services={services}>
      <AppShell />
    </ServicesProvider>
  );
}
