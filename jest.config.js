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
    '^@dsforge/backend$': '<rootDir>/packages/backend/src/index.ts',
    '^@dsforge/backend/data$': '<rootDir>/packages/backend/src/data/index.ts',
    '^@dsforge/backend/internal/grpc$': '<rootDir>/packages/backend/src/grpc/index.ts',
    '^@dsforge/kit$': '<rootDir>/packages/kit/src/index.ts',
    '^@dsforge/ui$': '<rootDir>/packages/ui/src/index.ts',
    '^@dsforge/testing$': '<rootDir>/packages/testing/src/index.ts',
    '^@dsforge/codegen$': '<rootDir>/tools/codegen/src/index.ts',
  },
  testTimeout: 60000,
};
