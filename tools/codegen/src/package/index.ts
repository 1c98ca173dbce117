/** Packaging, Grafana manifest checks, company signing and verification for `dsforge`. */
export { packagePlugin, type PackageOptions, type PackageResult, type PackagedZip } from './package';
export { readPluginFolder, PackageError, type PluginFolder, type PluginFile } from './plugin-folder';
export {
  checkGrafanaManifest,
  checkManifestText,
  MANIFEST_FILE,
  type GrafanaManifest,
  type ManifestCheck,
} from './grafana-manifest';
export {
  runGrafanaSignPlugin,
  signPluginBin,
  type GrafanaSignOptions,
  type GrafanaSignResult,
} from './grafana-sign';
export { verifyPackage, type VerifyOptions, type VerifyReport } from './verify';
export { defaultKeysDir, keyringPath, initKeys, rotateKeys, revokeKey, currentSigningKey } from './keystore';
export { writeZip, type ZipInput } from './zip-writer';
