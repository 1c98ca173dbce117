import { parentAlive, watchParent } from './lifecycle';

describe('parent watch', () => {
  it('calls onParentGone once when the injected check says the parent is gone', async () => {
    let alive = true;
    let gone = 0;
    const stop = watchParent({ intervalMs: 5, isParentAlive: () => alive, onParentGone: () => gone++ });
    await new Promise((r) => setTimeout(r, 30));
    expect(gone).toBe(0);
    alive = false;
    await new Promise((r) => setTimeout(r, 40));
    expect(gone).toBe(1);
    stop();
  });

  it('sees the real parent of this process as alive', () => {
    expect(parentAlive(process.ppid)).toBe(true);
  });
});
