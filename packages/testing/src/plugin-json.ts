/** Reading the few plugin.json fields the host needs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The plugin.json fields a host uses. */
export interface PluginJsonInfo {
  id?: string;
  executable?: string;
  version?: string;
  /** The file that was read. */
  path: string;
}

/** Reads the first plugin.json that exists among `candidates` (dirs); undefined when none does. */
export function readPluginJson(candidates: string[]): PluginJsonInfo | undefined {
  for (const dir of candidates) {
    const path = join(dir, 'plugin.json');
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    let json: { id?: unknown; executable?: unknown; info?: { version?: unknown } };
    try {
      json = JSON.parse(text) as typeof json;
    } catch (err) {
      throw new Error(`${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
    }
    return {
      path,
      id: typeof json.id === 'string' ? json.id : undefined,
      executable: typeof json.executable === 'string' ? json.executable : undefined,
      version: typeof json.info?.version === 'string' ? json.info.version : undefined,
    };
  }
  return undefined;
}
