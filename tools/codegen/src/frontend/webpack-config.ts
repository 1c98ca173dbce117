import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { Configuration } from 'webpack';

import { AMD_MODULE_REQUEST, isShared } from './externals';

const localRequire = createRequire(__filename);

/** What the webpack configuration needs to know about the plugin. */
export interface FrontendConfigInput {
  /** Absolute package directory (holds `src/`). */
  packageDir: string;
  /** Absolute entry, `<packageDir>/src/module.ts(x)`. */
  entry: string;
  /** Absolute output folder (the plugin's dist). */
  outDir: string;
  /** plugin.json `id`, for the public path Grafana serves the plugin from. */
  pluginId: string;
}

/**
 * Sets webpack's public path from the URL Grafana loaded module.js from (the AMD `module`
 * dependency), so lazy chunks and assets load from the plugin's folder also when Grafana is served
 * under a sub-path. Falls back to Grafana's default plugin URL.
 */
function publicPathModule(pluginId: string): string {
  const code = [
    `import amdModule from '${AMD_MODULE_REQUEST}';`,
    '__webpack_public_path__ = amdModule && amdModule.uri',
    "  ? amdModule.uri.slice(0, amdModule.uri.lastIndexOf('/') + 1)",
    `  : 'public/plugins/${pluginId}/';`,
  ].join('\n');
  return `data:text/javascript,${encodeURIComponent(code)}`;
}

function swcRule(test: RegExp, tsx: boolean) {
  return {
    test,
    exclude: /node_modules/,
    use: {
      loader: localRequire.resolve('swc-loader'),
      options: {
        // Nothing else decides the output: no .swcrc of the plugin package is read.
        swcrc: false,
        configFile: false,
        sourceMaps: true,
        jsc: {
          target: 'es2020',
          parser: { syntax: 'typescript', tsx, decorators: false, dynamicImport: true },
          // Automatic runtime: JSX compiles to imports of react/jsx-runtime, which stays external.
          transform: { react: { runtime: 'automatic', development: false, useBuiltins: true } },
        },
      },
    },
  };
}

/**
 * The production webpack configuration of a plugin frontend, as create-plugin builds one: an AMD
 * library `module.js` whose dependencies are the modules Grafana shares, TypeScript/TSX through
 * swc, source map next to it. Deterministic: no timestamps, no absolute paths, no cache.
 */
export function frontendConfig(input: FrontendConfigInput): Configuration {
  return {
    mode: 'production',
    target: ['web', 'es2020'],
    context: input.packageDir,
    entry: { module: [publicPathModule(input.pluginId), input.entry] },
    devtool: 'source-map',
    cache: false,
    externals: [
      { [AMD_MODULE_REQUEST]: 'module' },
      ({ request }, callback) => (request && isShared(request) ? callback(undefined, request) : callback()),
    ],
    externalsType: 'amd',
    module: {
      rules: [
        swcRule(/\.tsx$/, true),
        swcRule(/\.(ts|mts|cts)$/, false),
        swcRule(/\.jsx$/, true),
        {
          test: /\.(png|jpe?g|gif|svg|woff2?|eot|ttf|otf)$/,
          type: 'asset/resource',
          generator: { filename: '[hash][ext]' },
        },
      ],
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.json'],
      // `import x from 'components/Foo'` resolves from src/, as in create-plugin projects.
      modules: [join(input.packageDir, 'src'), 'node_modules'],
    },
    output: {
      path: input.outDir,
      filename: '[name].js',
      chunkFilename: '[name].js?_cache=[contenthash]',
      library: { type: 'amd' },
      publicPath: `public/plugins/${input.pluginId}/`,
      uniqueName: input.pluginId,
      crossOriginLoading: 'anonymous',
      // The dist folder also holds the backend executables and plugin.json: never clean it.
      clean: false,
      devtoolModuleFilenameTemplate: `webpack://${input.pluginId}/[resource-path]`,
    },
    optimization: { minimize: true, moduleIds: 'deterministic', chunkIds: 'deterministic' },
    performance: { hints: false },
    infrastructureLogging: { level: 'error' },
    stats: 'none',
  };
}
