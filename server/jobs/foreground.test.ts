import { describe, expect, it } from 'vitest';
import { ForegroundActivity } from './foreground';

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('background work gives way to requests in flight', () => {
  it('does not wait when no request is in flight', async () => {
    expect(await settled(new ForegroundActivity().giveWay(10_000))).toBe(true);
  });

  it('waits while requests are in flight and resumes when the last one is answered', async () => {
    const fg = new ForegroundActivity();
    fg.begin();
    fg.begin();
    const waiting = fg.giveWay(10_000, 2, 60_000);
    expect(await settled(waiting)).toBe(false);
    fg.end();
    expect(await settled(waiting)).toBe(false);
    fg.end();
    expect(await settled(waiting)).toBe(true);
  });

  it('never waits longer than its bound under constant load', async () => {
    const fg = new ForegroundActivity();
    fg.begin();
    const started = Date.now();
    await fg.giveWay(10_000, 2, 20);
    expect(Date.now() - started).toBeLessThan(5_000);
    fg.end();
  });
});
