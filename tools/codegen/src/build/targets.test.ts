import { parseTargets, TARGETS } from './targets';

describe('parseTargets', () => {
  it('accepts a comma-separated list, keeps the order and drops duplicates', () => {
    expect(parseTargets('linux_arm64, linux_amd64,linux_arm64')).toEqual({
      targets: [TARGETS.linux_arm64, TARGETS.linux_amd64],
    });
  });

  it('names an unknown target and lists the valid ones', () => {
    expect(parseTargets('darwin_arm64')).toEqual({
      error: 'unknown target "darwin_arm64" in --targets; use any of linux_amd64, linux_arm64, windows_amd64',
    });
  });

  it('rejects an empty list', () => {
    expect(parseTargets(' , ')).toHaveProperty('error');
  });
});
