/**
 * The module.js part of the package check: runs `render-module.ts` in a child process (jsdom and
 * @grafana/ui stay out of the certifying process) and turns its report into evidence. Skipped,
 * with the reason, when the package has no frontend yet.
 * @module
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

import type { EvidenceLog } from '../evidence';
import type { CertifyContext } from '../types';

export const RESULT_MARKER = '@@dsforge-certify-module@@';

/** What the child reports. */
export interface ModuleReport {
  loaded: boolean;
  error?: string;
  exportNames?: string[];
  isDataSourcePlugin?: boolean;
  configEditor?: string;
  queryEditor?: string;
}

/** Runs the child and parses its report (a failure to run is reported as not loaded). */
export function runRenderModule(
  packageDir: string,
  moduleJs: string,
  timeoutMs = 120_000,
): Promise<ModuleReport> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [require.resolve('tsx/cli'), join(__dirname, 'render-module.ts'), packageDir, moduleJs],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
        if (line) return resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as ModuleReport);
        resolve({
          loaded: false,
          error: `the module.js loader did not report (${err?.message ?? 'no result'}): ${stderr.slice(-500)}`,
        });
      },
    );
  });
}

/** Adds the module.js evidence to `ev`. */
export async function checkModuleJs(ctx: CertifyContext, ev: EvidenceLog): Promise<void> {
  const moduleJs = join(ctx.pkg.distDir, 'module.js');
  if (
    !(await stat(moduleJs).then(
      (s) => s.isFile(),
      () => false,
    ))
  ) {
    ev.skip('module.js', 'the package has no frontend yet (no dist/module.js): nothing to load');
    return;
  }
  const r = await runRenderModule(ctx.pkg.dir, moduleJs);
  if (
    !ev.expect(
      r.loaded,
      'module.js loads (AMD define, @grafana 12.4.10 + React 18)',
      r.loaded ? `exports: ${(r.exportNames ?? []).join(', ')}` : (r.error ?? 'failed'),
    )
  )
    return;
  if (
    !ev.expect(
      r.isDataSourcePlugin === true,
      'exports a DataSourcePlugin',
      r.isDataSourcePlugin
        ? '`plugin` is a DataSourcePlugin'
        : 'no `plugin` export that is a DataSourcePlugin',
    )
  )
    return;
  for (const [label, v] of [
    ['ConfigEditor renders', r.configEditor],
    ['QueryEditor renders', r.queryEditor],
  ] as const) {
    ev.expect(typeof v === 'string' && v.startsWith('rendered'), label, v ?? 'not set');
  }
}
