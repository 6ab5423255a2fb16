import { createRoot, type Root } from 'react-dom/client';
import { MemoryRouter } from 'react-router';
import { afterEach, expect, it } from 'vitest';
import { usePagePanel } from './usePagePanel';

function Panel() {
  const { open, setOpen } = usePagePanel();
  return <button onClick={() => setOpen((value) => !value)}>{open ? 'open' : 'closed'}</button>;
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
let root: Root | undefined;

afterEach(() => {
  root?.unmount();
  document.body.innerHTML = '';
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = true;
});

it('keeps a panel open that was clicked right after it first appeared', async () => {
  // Outside act(), as in a browser: React runs effects in a later task than the one that shows the
  // page, so a click can come in between. A close-on-mount effect then undid that click.
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = false;
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  root.render(
    <MemoryRouter>
      <Panel />
    </MemoryRouter>,
  );
  while (!container.querySelector('button')) await nextTask();
  container.querySelector('button')!.click();
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(container.querySelector('button')!.textContent).toBe('open');
});
