import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { checkGrafanaManifest, type ManifestCheck } from './grafana-manifest';

export interface GrafanaSignOptions {
  /** `private` (with rootUrls) for plugins used inside the company; `community`/`commercial` need a grafana.com plan. */
  signatureType?: string;
  rootUrls?: string[];
  /** Environment for the child; must carry GRAFANA_ACCESS_POLICY_TOKEN (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface GrafanaSignResult {
  ok: boolean;
  /** sign-plugin's own output (stdout + stderr), for the user. */
  output: string;
  /** Our check of the MANIFEST.txt it wrote (hashes against the folder). */
  check?: ManifestCheck;
  reason?: string;
}

/** Path of the installed `@grafana/sign-plugin` bin script. */
export function signPluginBin(): string {
  return join(dirname(require.resolve('@grafana/sign-plugin/package.json')), 'dist', 'bin', 'run.js');
}

/**
 * Runs the real `@grafana/sign-plugin` on `dir`. It POSTs the file hashes to
 * `${GRAFANA_COM_URL}/plugins/ci/sign` (always over HTTPS) with the access policy token and
 * writes the clear-signed MANIFEST.txt Grafana's service returns. We never write MANIFEST.txt
 * ourselves: Grafana only trusts its own key and refuses a plugin whose manifest fails to verify,
 * even when unsigned plugins are allowed.
 */
export async function runGrafanaSignPlugin(
  dir: string,
  options: GrafanaSignOptions = {},
): Promise<GrafanaSignResult> {
  const env = options.env ?? process.env;
  if (!env.GRAFANA_ACCESS_POLICY_TOKEN && !env.GRAFANA_API_KEY) {
    return {
      ok: false,
      output: '',
      reason:
        'GRAFANA_ACCESS_POLICY_TOKEN is not set; create an access policy token with the plugins:write scope on grafana.com',
    };
  }
  const args = [signPluginBin(), '--distDir', resolve(dir)];
  if (options.signatureType) args.push('--signatureType', options.signatureType);
  if (options.rootUrls?.length) args.push('--rootUrls', options.rootUrls.join(','));
  const { code, output } = await new Promise<{ code: number | null; output: string }>((done) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => done({ code: -1, output: output + err.message }));
    child.on('close', (c) => done({ code: c, output }));
  });
  if (code !== 0) return { ok: false, output, reason: `@grafana/sign-plugin exited with code ${code}` };
  const check = await checkGrafanaManifest(dir);
  if (check.status !== 'valid') {
    return {
      ok: false,
      output,
      check,
      reason: `the MANIFEST.txt returned by Grafana's service does not match the folder: ${check.problems.join('; ')}`,
    };
  }
  return { ok: true, output, check };
}
