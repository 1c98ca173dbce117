// The trust primitives live in @dsforge/registry (the registry service verifies with the same
// code). Imported by relative path so the CLI does not load the registry's server entry point
// (fastify, better-sqlite3) just to hash and sign.
export * from '../../../../packages/registry/src/trust';
