/** The Node version embedded in every plugin binary (LTS; Node 20 on the build machine is EOL). */
export const NODE_VERSION = '24.21.0';

/** A Grafana plugin platform we can produce a backend executable for. */
export type TargetName = 'linux_amd64' | 'linux_arm64' | 'windows_amd64';

/** How one target maps to the npm-published Node build and to Grafana's executable naming. */
export interface Target {
  name: TargetName;
  /** Suffix of the npm package `node-<nodePlatform>` that carries the Node binary. */
  nodePlatform: 'linux-x64' | 'linux-arm64' | 'win-x64';
  /** Path of the Node binary inside the npm tarball. */
  binaryInTarball: string;
  /** Grafana looks for `<executable>_<os>_<arch>[.exe]` next to plugin.json. */
  fileSuffix: string;
}

export const TARGETS: Record<TargetName, Target> = {
  linux_amd64: {
    name: 'linux_amd64',
    nodePlatform: 'linux-x64',
    binaryInTarball: 'package/bin/node',
    fileSuffix: '_linux_amd64',
  },
  linux_arm64: {
    name: 'linux_arm64',
    nodePlatform: 'linux-arm64',
    binaryInTarball: 'package/bin/node',
    fileSuffix: '_linux_arm64',
  },
  windows_amd64: {
    name: 'windows_amd64',
    nodePlatform: 'win-x64',
    binaryInTarball: 'package/bin/node.exe',
    fileSuffix: '_windows_amd64.exe',
  },
};

export const ALL_TARGETS = Object.keys(TARGETS) as TargetName[];

/**
 * Parses `--targets linux_amd64,linux_arm64` (order kept, duplicates dropped). Returns an error
 * message naming the unknown target and the valid ones.
 */
export function parseTargets(input: string | readonly string[]): { targets: Target[] } | { error: string } {
  const names = (Array.isArray(input) ? input : [input])
    .flatMap((s: string) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) return { error: `--targets is empty; use any of ${ALL_TARGETS.join(', ')}` };
  const out: Target[] = [];
  for (const n of names) {
    if (!(n in TARGETS))
      return { error: `unknown target "${n}" in --targets; use any of ${ALL_TARGETS.join(', ')}` };
    const t = TARGETS[n as TargetName];
    if (!out.includes(t)) out.push(t);
  }
  return { targets: out };
}
