import { cp, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/**
 * The files plugin.json points at (logos, screenshots) relative to `src/`, plus `query_help.md`;
 * create-plugin copies these next to module.js. `img/` itself is copied by the assemble step.
 */
async function referencedAssets(packageDir: string): Promise<string[]> {
  const json = JSON.parse(await readFile(join(packageDir, 'src', 'plugin.json'), 'utf8')) as {
    info?: { logos?: { small?: unknown; large?: unknown }; screenshots?: { path?: unknown }[] };
  };
  const paths = [
    json.info?.logos?.small,
    json.info?.logos?.large,
    ...(json.info?.screenshots ?? []).map((s) => s?.path),
    'query_help.md',
  ];
  // Only relative paths inside the plugin folder; a URL or `../x` is not a file to ship.
  return [
    ...new Set(
      paths.filter((p): p is string => typeof p === 'string' && !/^[a-z]+:/i.test(p)).map(normalize),
    ),
  ].filter((p) => !p.startsWith('..'));
}

/** Copies logos, screenshots and query_help.md from `src/` to `outDir` when present; returns them. */
export async function copyPluginAssets(packageDir: string, outDir: string): Promise<string[]> {
  const copied: string[] = [];
  for (const rel of await referencedAssets(packageDir)) {
    const from = join(packageDir, 'src', rel);
    const to = join(outDir, rel);
    if (!(await exists(from)) || (await exists(to))) continue;
    await mkdir(dirname(to), { recursive: true });
    await cp(from, to);
    copied.push(rel);
  }
  return copied;
}
