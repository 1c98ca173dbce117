import { SchemaError, readSchema } from './index';
import { fixture } from './test-fixtures';

async function errorOf(path: string): Promise<SchemaError> {
  try {
    await readSchema(path);
  } catch (e) {
    if (e instanceof SchemaError) return e;
    throw e;
  }
  throw new Error(`${path} was read without error`);
}

describe('a schema that cannot be read', () => {
  it.each([
    ['invalid-yaml.yaml', 11, /invalid YAML: Flow sequence/],
    ['invalid-json.json', 8, /invalid JSON: expected a property name in double quotes/],
    ['dangling-ref.yaml', 15, /\$ref "#\/components\/schemas\/Thingy" does not resolve/],
    ['missing-file-ref.yaml', 7, /\$ref "\.\/paths\/things\.yaml" points to a file that does not exist/],
    ['unknown-version.yaml', 2, /unknown OpenAPI version "4\.0\.0"/],
    ['not-openapi.yaml', 1, /not an OpenAPI document/],
    ['invalid-sdl.graphql', 7, /Syntax Error: Expected ":"/],
    ['unknown-type.graphql', 2, /Unknown type "Order"/],
  ])('%s is a SchemaError naming the file and line', async (name, line, problem) => {
    const e = await errorOf(fixture(`broken/${name}`));
    expect(e.file).toBe(fixture(`broken/${name}`));
    expect(e.line).toBe(line);
    expect(e.column).toEqual(expect.any(Number));
    expect(e.problem).toMatch(problem);
    expect(e.hint).toEqual(expect.any(String));
    expect(e.message).toContain(`${fixture(`broken/${name}`)}:${line}:`);
  });

  it('names a missing path', async () => {
    const e = await errorOf(fixture('does-not-exist.yaml'));
    expect(e.problem).toMatch(/file not found/);
  });

  it('names the candidates when a directory has no single root file', async () => {
    const e = await errorOf(fixture('broken'));
    expect(e.problem).toMatch(/several OpenAPI root files in this directory: .*dangling-ref\.yaml/);
    expect(e.hint).toMatch(/pass the root file itself/);
  });
});
