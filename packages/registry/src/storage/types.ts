/**
 * The registry's metadata store. Two implementations (SQLite and PostgreSQL) pass one shared
 * conformance suite (`test/storage-conformance.ts`); artifact bytes never live here, only in the
 * artifact directory (see `ArtifactStore`).
 */

/** A team that may publish plugins whose id starts with one of `owns`. */
export interface TeamRow {
  name: string;
  /** Public half of the token (`dsf_<tokenId>_<secret>`), used to find the row. */
  tokenId: string;
  /** scrypt hash of the secret half, hex; compared in constant time. */
  tokenHash: string;
  owns: string[];
  createdAt: string;
}

/** One plugin id, created by its first published version. */
export interface PluginRow {
  id: string;
  name: string;
  description: string;
  type: string;
  /** Team that published the first version. */
  team: string;
  /** `dsforge.createdAt` of the plugin project (ISO), when the publisher supplied it. */
  createdAt: string | null;
  firstPublishedAt: string;
  issuesUrl: string | null;
  openBugs: number | null;
}

/** One OS/arch package of a version (`platform` is `linux-amd64`, … or `any`). */
export interface PackageRow {
  platform: string;
  fileName: string;
  sha256: string;
  size: number;
  /** Armored detached OpenPGP signature over the zip. */
  signature: string;
}

/** One immutable published version. */
export interface VersionRow {
  pluginId: string;
  version: string;
  publishedAt: string;
  team: string;
  /** Directory (relative to the artifact root) holding this version's files. */
  uploadDir: string;
  readme: string;
  changelog: string;
  /** certification.json as uploaded (JSON text). */
  certification: string;
  signatureFingerprint: string;
  signatureKeyStatus: string;
  pluginJson: string;
  yanked: boolean;
  yankReason: string | null;
  yankedAt: string | null;
  packages: PackageRow[];
}

/** What `publishVersion` stores in one transaction. */
export interface NewVersion {
  plugin: Omit<PluginRow, 'firstPublishedAt' | 'issuesUrl' | 'openBugs'> & { issuesUrl?: string | null };
  version: Omit<VersionRow, 'yanked' | 'yankReason' | 'yankedAt'>;
}

/** Whether a yank event hid a version (`yank`) or brought it back (`unyank`). */
export type YankAction = 'yank' | 'unyank';

/**
 * One yank or un-yank, kept forever as the audit trail of who hid or restored a version, when
 * and why (the version row only holds the current state).
 */
export interface YankEvent {
  pluginId: string;
  version: string;
  action: YankAction;
  /** Team whose token made the change. */
  team: string;
  reason: string;
  at: string;
}

/** What {@link RegistryStorage.setYanked} did: `unchanged` when the version already was in that state. */
export type YankOutcome = 'changed' | 'unchanged' | 'missing';

/** One install ping from `dsforge install`. */
export interface InstallRow {
  pluginId: string;
  version: string;
  team: string;
  instanceId: string;
  platform: string;
  at: string;
}

/** Storage contract shared by the SQLite and PostgreSQL implementations. */
export interface RegistryStorage {
  /** Creates or upgrades the schema; safe to call on every start and from several instances. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /** Creates the team, or replaces its token and adds prefixes when it exists. */
  upsertTeam(team: TeamRow): Promise<void>;
  getTeam(name: string): Promise<TeamRow | undefined>;
  getTeamByTokenId(tokenId: string): Promise<TeamRow | undefined>;
  listTeams(): Promise<TeamRow[]>;

  /**
   * Stores a version (and its plugin row on first publish) atomically. Throws
   * `DuplicateVersionError` when the version exists, including when a concurrent publish of the
   * same version committed first: the primary key decides, not a prior read.
   */
  publishVersion(input: NewVersion): Promise<void>;
  getPlugin(id: string): Promise<PluginRow | undefined>;
  listPlugins(): Promise<PluginRow[]>;
  /** All versions including yanked ones, in no particular order. */
  listVersions(pluginId: string): Promise<VersionRow[]>;
  getVersion(pluginId: string, version: string): Promise<VersionRow | undefined>;
  /**
   * Yanks or un-yanks a version and records the event, in one transaction. A version already in
   * the requested state is left alone and no event is recorded (`unchanged`); concurrent callers
   * are serialised by the row update, so exactly one of two identical requests reports `changed`.
   */
  setYanked(event: YankEvent): Promise<YankOutcome>;
  /** Yank events of a plugin (optionally one version), oldest first. */
  listYankEvents(pluginId: string, version?: string): Promise<YankEvent[]>;
  updatePluginMeta(
    id: string,
    meta: { issuesUrl?: string | null; openBugs?: number | null },
  ): Promise<boolean>;

  recordInstall(install: InstallRow): Promise<void>;
  listInstalls(pluginId?: string): Promise<InstallRow[]>;
  /** Upload directories referenced by any version (for orphan clean-up). */
  listUploadDirs(): Promise<string[]>;
}
