// Renders the whole window (or one place) around services wired to a fake bridge, the way
// main.tsx does: connect first, then render.
import { render } from '@testing-library/react';
import { act } from 'react';
import { App } from '../../renderer/app';
import { connect } from '../../renderer/api/connect';
import type { Services } from '../../renderer/services';

export async function renderApp(services: Services) {
  connect(services);
  const view = render(<App services={services} />);
  // Let the start-up answers (account, queue, staging…) land.
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
  return view;
}
