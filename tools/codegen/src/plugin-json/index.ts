/** Grafana plugin.json: dsforge's JSON Schema of the documented fields and its validator. */
export { validatePluginJson } from './validate';
export type { PluginJsonProblem, PluginJsonValidation, ValidateOptions } from './validate';
export { pluginJsonSchema, PLUGIN_ID_PATTERN, PLUGIN_TYPES } from './schema';
