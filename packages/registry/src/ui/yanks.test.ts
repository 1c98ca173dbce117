import type { VersionRow, YankEvent } from '../storage/types';
import { statusCell, yanksByVersion } from './yanks';

const version = (v: string, yank?: { reason: string; at: string }): VersionRow =>
  ({
    pluginId: 'p',
    version: v,
    yanked: yank !== undefined,
    yankReason: yank?.reason ?? null,
    yankedAt: yank?.at ?? null,
  }) as VersionRow;
const event = (v: string, action: 'yank' | 'unyank', reason: string, at: string): YankEvent => ({
  pluginId: 'p',
  version: v,
  action,
  team: 'weather',
  reason,
  at,
});

test('groups events per version newest first and takes the hiding yank from the latest one', () => {
  const yanks = yanksByVersion(
    [version('2.0.0', { reason: 'again', at: 't3' }), version('1.0.0')],
    [
      event('2.0.0', 'yank', 'once', 't1'),
      event('1.0.0', 'yank', 'old', 't1'),
      event('2.0.0', 'unyank', 'oops', 't2'),
      event('1.0.0', 'unyank', 'fine', 't2'),
      event('2.0.0', 'yank', 'again', 't3'),
    ],
  );
  expect(yanks.get('2.0.0')!.history.map((e) => e.reason)).toEqual(['again', 'oops', 'once']);
  expect(yanks.get('2.0.0')!.current).toEqual({ reason: 'again', team: 'weather', at: 't3' });
  expect(yanks.get('1.0.0')).toEqual({ history: [expect.anything(), expect.anything()] });
});

test('a version yanked before the audit trail existed shows its reason and time, and that nobody recorded the team', () => {
  const yanks = yanksByVersion([version('1.0.0', { reason: 'legacy', at: '2025-12-01T09:15:00.000Z' })], []);
  expect(yanks.get('1.0.0')).toEqual({
    history: [],
    current: { reason: 'legacy', team: null, at: '2025-12-01T09:15:00.000Z' },
  });
  const cell = statusCell(yanks.get('1.0.0')).html.replace(/\s+/g, ' ');
  expect(cell).toContain('legacy');
  expect(cell).toContain(
    'by an unrecorded team, <time datetime="2025-12-01T09:15:00.000Z">2025-12-01 09:15 UTC</time>',
  );
});
