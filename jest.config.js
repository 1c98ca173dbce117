// One jest config for every package. Tests sit beside the code (`*.test.ts`); cross-module tests
// live in a package's `test/` folder. @swc/jest compiles TypeScript to CommonJS, so ESM-only
// dependencies must be listed in `esmOnly` to be transformed too.
const esmOnly = [
  'yargs',
  'yargs-parser',
  'y18n',
  'cliui',
  'string-width',
  'strip-ansi',
  'ansi-regex',
  'get-east-asian-width',
  'emoji-regex',
  'escalade',
  // @grafana/data and @grafana/ui (packages/ui, jsdom tests) pull these ESM-only packages.
  'marked',
  'ol',
  '@wojtekmaj',
  'mimic-function',
  'memoize',
  'get-user-locale',
  'react-calendar',
  'd3',
  // fastify's inject() (light-my-request) requires cookie@2, which is ESM-only.
  'cookie',
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/tools', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.tsx$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'commonjs' },
      },
    ],
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
    '^.+\\.mjs$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(\\.pnpm/)?(${esmOnly.join('|')}))`],
  moduleNameMapper: {
    // Stylesheets imported by @grafana/ui's dependencies (jsdom UI tests).
    '\\.(css|scss|sass)$': '<rootDir>/packages/ui/test/style-stub.js',
    // @grafana/ui icons fetch SVGs asynchronously; jsdom tests get a static <svg>.
    '^react-inlinesvg$': '<rootDir>/packages/ui/test/inline-svg-stub.js',
    '^@dsforge/backend$': '<rootDir>/packages/backend/src/index.ts',
    '^@dsforge/backend/data$': '<rootDir>/packages/backend/src/data/index.ts',
    '^@dsforge/backend/internal/grpc$': '<rootDir>/packages/backend/src/grpc/index.ts',
    '^@dsforge/kit$': '<rootDir>/packages/kit/src/index.ts',
    '^@dsforge/ui$': '<rootDir>/packages/ui/src/index.ts',
    '^@dsforge/testing$': '<rootDir>/packages/testing/src/index.ts',
    '^@dsforge/codegen$': '<rootDir>/tools/codegen/src/index.ts',
  },
  // jsdom polyfills for @grafana/ui (packages/ui); a no-op in the node environment.
  setupFiles: ['<rootDir>/packages/ui/test/jsdom-setup.js'],
  testTimeout: 60000,
};
