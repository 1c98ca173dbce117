// The harness (startPlugin, mockUpstream) lives in @dsforge/testing. Imported by relative path, as
// ../package/trust.ts does for the registry, so the CLI resolves it from any working directory
// without @dsforge/testing being a dependency of the published CLI's runtime graph.
export * from '../../../../packages/testing/src';
