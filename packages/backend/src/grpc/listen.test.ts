import { listenOptionsFromEnv } from './listen';

describe('listen address selection', () => {
  it('uses a unix socket on Linux and macOS, in PLUGIN_UNIX_SOCKET_DIR when set', () => {
    expect(listenOptionsFromEnv({}, 'linux')).toEqual({ type: 'unix' });
    expect(listenOptionsFromEnv({ PLUGIN_UNIX_SOCKET_DIR: '/run/x' }, 'darwin')).toEqual({
      type: 'unix',
      dir: '/run/x',
    });
  });

  it('uses TCP on 127.0.0.1 within PLUGIN_MIN_PORT..PLUGIN_MAX_PORT on Windows', () => {
    expect(listenOptionsFromEnv({ PLUGIN_MIN_PORT: '12000', PLUGIN_MAX_PORT: '12010' }, 'win32')).toEqual({
      type: 'tcp',
      host: '127.0.0.1',
      minPort: 12000,
      maxPort: 12010,
    });
    expect(listenOptionsFromEnv({}, 'win32')).toMatchObject({ minPort: 10000, maxPort: 25000 });
  });
});
