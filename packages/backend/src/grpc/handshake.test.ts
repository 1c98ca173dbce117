import {
  formatHandshakeLine,
  hasMagicCookie,
  negotiateProtocolVersion,
  NOT_A_PLUGIN_MESSAGE,
} from './handshake';

describe('go-plugin handshake', () => {
  it('formats the line as CORE|APP|NETWORK|ADDR|grpc| with a trailing newline', () => {
    expect(formatHandshakeLine(2, { network: 'unix', address: '/tmp/plugin123' })).toBe(
      '1|2|unix|/tmp/plugin123|grpc|\n',
    );
    expect(formatHandshakeLine(2, { network: 'tcp', address: '127.0.0.1:10000' })).toBe(
      '1|2|tcp|127.0.0.1:10000|grpc|\n',
    );
  });

  it('recognises only grafana_plugin_type=datasource as the magic cookie', () => {
    expect(hasMagicCookie({ grafana_plugin_type: 'datasource' })).toBe(true);
    expect(hasMagicCookie({ grafana_plugin_type: 'app' })).toBe(false);
    expect(hasMagicCookie({})).toBe(false);
  });

  it('carries go-plugin’s exact message for a binary run by hand', () => {
    expect(NOT_A_PLUGIN_MESSAGE).toBe(
      'This binary is a plugin. These are not meant to be executed directly.\n' +
        'Please execute the program that consumes these plugins, which will\n' +
        'load any plugins automatically\n',
    );
  });

  it('picks the highest protocol version both sides speak', () => {
    expect(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '2' })).toBe(2);
    expect(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '1, 2' })).toBe(2);
    expect(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '1,2,3' }, [2, 3])).toBe(3);
  });

  it('serves its lowest version and lets the host fail when nothing matches or nothing is offered', () => {
    expect(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '1' })).toBe(2);
    expect(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: 'x' })).toBe(2);
    expect(negotiateProtocolVersion({})).toBe(2);
  });
});
