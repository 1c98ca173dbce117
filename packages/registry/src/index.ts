/**
 * `@dsforge/registry`: the internal Grafana plugin registry (publish certified, signed plugins;
 * browse, install, Grafana-compatible API) and the client side used by `dsforge publish` and
 * `dsforge install`.
 */
export { createRegistry, DEFAULT_MAX_UPLOAD_BYTES, type Registry, type RegistryOptions } from './server/app';
export { openStorage, type StorageOptions } from './storage/open';
export type {
  RegistryStorage,
  TeamRow,
  PluginRow,
  VersionRow,
  PackageRow,
  InstallRow,
  YankEvent,
  YankAction,
  YankOutcome,
} from './storage/types';
export { newTeamToken, teamForToken, ownsPlugin } from './tokens';
export { RegistryError, DuplicateVersionError } from './errors';
export { BUNDLE_CONTENT_TYPE, writeBundle, extractBundle } from './publish/bundle';
export { adoption, missionMetrics, median, LEAD_TIME_TARGET_DAYS } from './metrics';
export { renderMarkdown } from './ui/markdown';
export { publishPackage, type PublishOptions } from './client/publish-client';
export { installPlugin, type InstallOptions, type InstallResult } from './client/install-client';
export { defaultPinFile, type PinFileData, type RegistryPins, type PinnedKey } from './client/pins';
export { yankVersion, type YankOptions, type YankResult } from './client/yank-client';
export { RegistryClientError } from './client/http';
export type { PublishResult } from './publish/publish';
