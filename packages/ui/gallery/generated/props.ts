/**
 * What Grafana hands a datasource plugin's components: instance settings for the datasource class,
 * the settings object of the config page, and the props of the query editor row.
 * @module
 */
import type { DataSourceInstanceSettings, DataSourcePluginMeta, DataSourceSettings } from '@grafana/data';

/** The plugin under test, from its plugin.json (set by build.mjs). */
export interface PluginInfo {
  id: string;
  name: string;
  /** URL module.js is served from, Grafana's layout: public/plugins/<id>/module.js. */
  moduleUrl: string;
}

/**
 * A saved datasource of a plugin with API key auth: URL set, key stored as a secret (Grafana only
 * says it is configured), key sent as `Authorization: Token <key>` — the defaults the generated
 * ConfigEditor applies to a new datasource.
 */
const JSON_DATA = {
  authType: 'apiKey',
  apiKeyIn: 'header',
  apiKeyHeader: 'Authorization',
  apiKeyPrefix: 'Token ',
};

function meta(p: PluginInfo): DataSourcePluginMeta {
  return {
    id: p.id,
    name: p.name,
    type: 'datasource',
    module: p.moduleUrl,
    baseUrl: p.moduleUrl.slice(0, p.moduleUrl.lastIndexOf('/')),
    backend: true,
    info: {
      author: { name: '' },
      description: '',
      links: [],
      logos: { small: '', large: '' },
      screenshots: [],
      updated: '',
      version: '0.1.0',
    },
  } as DataSourcePluginMeta;
}

/** `options` of the ConfigEditor (the datasource settings page). */
export function configSettings(p: PluginInfo): DataSourceSettings {
  return {
    id: 1,
    uid: 'orders',
    orgId: 1,
    name: p.name,
    typeLogoUrl: '',
    type: p.id,
    typeName: p.name,
    access: 'proxy',
    url: 'https://eu.orders.example.com/api/v2',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData: JSON_DATA,
    secureJsonFields: { apiKey: true },
    readOnly: false,
    withCredentials: false,
  };
}

/** What Grafana passes to the datasource class constructor. */
export function instanceSettings(p: PluginInfo): DataSourceInstanceSettings {
  return {
    id: 1,
    uid: 'orders',
    type: p.id,
    name: p.name,
    meta: meta(p),
    access: 'proxy',
    url: '/api/datasources/proxy/uid/orders',
    jsonData: JSON_DATA,
    readOnly: false,
  };
}
