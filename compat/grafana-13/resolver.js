// Jest resolver of the compatibility job. The UI sources live in packages/ui, beside
// packages/ui/node_modules (@grafana/* 12.4.10 + React 18.3.1), so Node-style lookup from them
// finds the baseline copies. This resolver re-bases those lookups on compat/grafana-13, whose
// node_modules hold @grafana/* 13.2.2 + React 19, through jest's own resolver (so package
// `exports`, subpaths such as `react/jsx-runtime` and `@grafana/data/unstable` keep working).
//  - react, react-dom: always, from every importer, so one React instance serves the UI, the tests
//    and every library (a second React would break hooks).
//  - @grafana/*, @testing-library/*: when the importer is repository code (not inside
//    node_modules); libraries keep the copies pnpm linked beside them, which are this set.
const path = require('node:path');

const COMPAT_DIR = __dirname;
const ALWAYS = /^(react|react-dom)(\/|$)/;
const FROM_REPO_CODE = /^@(grafana|testing-library)\//;

/** @type {(request: string, options: { basedir: string, defaultResolver: Function }) => string} */
module.exports = function compatResolver(request, options) {
  const inNodeModules = options.basedir.split(path.sep).includes('node_modules');
  if (ALWAYS.test(request) || (FROM_REPO_CODE.test(request) && !inNodeModules)) {
    return options.defaultResolver(request, { ...options, basedir: COMPAT_DIR });
  }
  return options.defaultResolver(request, options);
};
