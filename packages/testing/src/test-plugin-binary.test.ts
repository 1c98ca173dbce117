import { testPluginBinary } from './test-plugin-binary';

describe('testPluginBinary', () => {
  it('fails, telling how to build a plugin, when no binary exists', () => {
    expect(() => testPluginBinary({}, ['/nonexistent/a', '/nonexistent/b'])).toThrow(
      /No plugin binary[\s\S]*dsforge build examples\/example-datasource[\s\S]*go build -o bin\/refplugin/,
    );
  });

  it('fails when DSFORGE_TEST_PLUGIN_BIN points nowhere', () => {
    expect(() => testPluginBinary({ DSFORGE_TEST_PLUGIN_BIN: '/nonexistent/plugin' }, [])).toThrow(
      'DSFORGE_TEST_PLUGIN_BIN=/nonexistent/plugin does not exist',
    );
  });

  it('prefers DSFORGE_TEST_PLUGIN_BIN, then the first existing candidate', () => {
    expect(testPluginBinary({ DSFORGE_TEST_PLUGIN_BIN: __filename }, ['/nonexistent'])).toBe(__filename);
    expect(testPluginBinary({}, ['/nonexistent', __filename])).toBe(__filename);
  });
});
