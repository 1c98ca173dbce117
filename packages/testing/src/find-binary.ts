/**
 * Where Grafana looks for a plugin's executable: `<pluginDir>/<executable>_<os>_<arch>[.exe]`
 * (grafana `pkg/plugins/plugins.go` executablePath), with Go's GOOS/GOARCH names.
 */
import { join, resolve } from 'node:path';
import { readPluginJson } from './plugin-json';

/** Node's `process.platform` → Go's GOOS for the platforms Grafana ships on. */
const GOOS: Record<string, string> = {
  linux: 'linux',
  darwin: 'darwin',
  win32: 'windows',
  freebsd: 'freebsd',
};
/** Node's `process.arch` → Go's GOARCH. */
const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };

/** Target platform in Node's (`process.platform`, `process.arch`) or Go's names. */
export interface PlatformSpec {
  os?: string;
  arch?: string;
}

/** `<executable>_<goos>_<goarch>[.exe]` for a platform given in Node's or Go's names. */
export function pluginBinaryName(executable: string, platform: PlatformSpec = {}): string {
  const osName = platform.os ?? process.platform;
  const archName = platform.arch ?? process.arch;
  const goos = GOOS[osName] ?? (Object.values(GOOS).includes(osName) ? osName : undefined);
  const goarch = GOARCH[archName] ?? (Object.values(GOARCH).includes(archName) ? archName : undefined);
  if (!goos)
    throw new Error(
      `no Grafana plugin binary name for OS "${osName}"; expected one of ${Object.keys(GOOS).join(', ')}`,
    );
  if (!goarch)
    throw new Error(
      `no Grafana plugin binary name for arch "${archName}"; expected one of ${Object.keys(GOARCH).join(', ')}`,
    );
  return `${executable}_${goos}_${goarch.toLowerCase()}${goos === 'windows' ? '.exe' : ''}`;
}

/**
 * The path of a plugin package's binary for a platform (default: this machine):
 * `<pkgDir>/dist/<executable>_<os>_<arch>[.exe]`, `executable` read from `src/plugin.json` or
 * `dist/plugin.json`. Does not check that the file exists (build it with `dsforge build <pkgDir>`).
 */
export function findPluginBinary(pkgDir: string, platform: PlatformSpec = {}): string {
  const dir = resolve(pkgDir);
  const info = readPluginJson([join(dir, 'src'), join(dir, 'dist'), dir]);
  if (!info)
    throw new Error(`no plugin.json in ${dir}/src, ${dir}/dist or ${dir}; is ${pkgDir} a plugin package?`);
  if (!info.executable) {
    throw new Error(
      `${info.path} has no "executable"; a backend plugin needs "backend": true and "executable": "gpx_<name>"`,
    );
  }
  return join(dir, 'dist', pluginBinaryName(info.executable, platform));
}
