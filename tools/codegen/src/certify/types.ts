/**
 * Shapes of a certification run: a {@link CheckDefinition} runs against a {@link CertifyContext}
 * and reports {@link Evidence}; the engine turns that into a {@link CheckResult} with timing.
 * @module
 */
import type { TargetName } from '../build/targets';
import type { CertifyConfig } from './config';

/** One observation a check made, as a reader of the report needs it. */
export interface Evidence {
  /** What was looked at, e.g. `wrong credentials → query`. */
  label: string;
  /** `fail` makes the check fail; `warn` is shown but does not. */
  status: 'pass' | 'fail' | 'warn' | 'info' | 'skip';
  /** What was seen (values, counts, timings), e.g. `authentication_failed in 41 ms`. */
  detail: string;
}

/** What a check returns. */
export interface CheckOutcome {
  status: 'passed' | 'failed' | 'skipped';
  evidence: Evidence[];
  /** Why the check was skipped (when `skipped`). */
  reason?: string;
}

/** One result in certification.json and the report. */
export interface CheckResult {
  /** Stable id, e.g. `timeout`. */
  check: string;
  /** 1-based position in the list. */
  number: number;
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  /** Why the check matters to a Grafana user. */
  why: string;
  evidence: Evidence[];
  durationMs: number;
  /** What to change when it fails. */
  fixHint: string;
  reason?: string;
  [field: string]: unknown;
}

/** The package being certified, as read from disk. */
export interface PackageInfo {
  /** Absolute package folder (has package.json and src/plugin.json). */
  dir: string;
  /** The built plugin folder (`<dir>/dist`). */
  distDir: string;
  /** `src/plugin.json` as parsed. */
  srcPluginJson: Record<string, unknown>;
  /** package.json as parsed. */
  packageJson: Record<string, unknown>;
  /** Absolute backend entry (package.json `dsforge.backend`), when set. */
  backendEntry?: string;
  /** Plugin id from src/plugin.json. */
  id: string;
  /** Executable base name from src/plugin.json. */
  executable?: string;
}

/** Everything a check may use. */
export interface CertifyContext {
  pkg: PackageInfo;
  config: CertifyConfig;
  /** Seed of every generated input (fuzzing, canaries). */
  seed: number;
  /** Platforms whose binaries must be present (default all three). */
  platforms: TargetName[];
  /** The backend binary certify runs (this machine's platform). */
  binary: string;
  /** Progress lines (stderr in the CLI). */
  log(line: string): void;
}

/** A check of the certification. */
export interface CheckDefinition {
  id: string;
  number: number;
  name: string;
  why: string;
  fixHint: string;
  run(ctx: CertifyContext): Promise<CheckOutcome>;
}
