// Jest config of the compatibility job: packages/ui's tests under @grafana/* 13.2.2 + React 19.
// It starts from the root config (same transforms, ESM allowlist, stubs and jsdom setup) and only
// changes where modules come from. The UI sources sit next to packages/ui/node_modules (12.4.10 +
// React 18), so plain resolution would load those; `resolver.js` sends the UI's imports of
// react, react-dom, @grafana/* and @testing-library/* to this package's copies instead.
const path = require('node:path');

const base = require('../../jest.config.js');

// ESM-only packages that the 13.2.2 set pulls in beyond the root config's `esmOnly` list; they are
// swc-transformed like the others. The root list is read back from its transformIgnorePatterns.
const moreEsmOnly = ['@react-hookz', '@ver0'];

/** The root config's transformIgnorePatterns with `extra` added to its ESM allowlist. */
function withEsmOnly(extra) {
  const [pattern] = base.transformIgnorePatterns;
  const match = /^(.*\(\?!.*\()([^()]*)(\)\))$/.exec(pattern);
  if (!match || base.transformIgnorePatterns.length !== 1) {
    throw new Error(
      `compat/grafana-13/jest.config.js: the root jest.config.js transformIgnorePatterns changed shape (${pattern}); update withEsmOnly()`,
    );
  }
  return [`${match[1]}${match[2]}|${extra.join('|')}${match[3]}`];
}

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, '../..'),
  roots: ['<rootDir>/packages/ui', '<rootDir>/compat/grafana-13/test'],
  // The gallery test bundles with esbuild from packages/ui's own node_modules (12.4.10), so it
  // would not exercise 13.2.2; the compat job leaves it to the main suite.
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, '/packages/ui/gallery/'],
  transformIgnorePatterns: withEsmOnly(moreEsmOnly),
  // Where react, react-dom, @grafana/* and @testing-library/* come from: see resolver.js.
  resolver: '<rootDir>/compat/grafana-13/resolver.js',
};
