/** Grafana's `<os>` and `<arch>` names for this machine (what Grafana sends as grafana-os/-arch). */
export function grafanaPlatform(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): { os: string; arch: string } {
  const os = platform === 'win32' ? 'windows' : platform;
  const a = arch === 'x64' ? 'amd64' : arch === 'ia32' ? '386' : arch;
  return { os, arch: a };
}
