/** Connects `createInstance`/`disposeInstance` to the instance manager, keyed by the request's datasource. */
import type { ServeOptions } from '../handler';
import { InstanceManager } from '../instances';
import type { Logger } from '../log';
import type { InstanceSource } from './call-scope';

/** Instances per datasource; without `createInstance` (or for requests without a datasource) undefined. */
export function instanceSource(
  options: Pick<ServeOptions<unknown, unknown>, 'createInstance' | 'disposeInstance'>,
  logger: Logger,
): InstanceSource {
  const create = options.createInstance;
  if (!create) return { get: () => Promise.resolve(undefined), disposeAll: () => Promise.resolve() };
  const manager = new InstanceManager<unknown>({
    create: (settings, ctx) => create(settings, ctx),
    dispose: options.disposeInstance ? (instance) => options.disposeInstance!(instance) : undefined,
    logger,
  });
  return {
    get: (plugin) => (plugin.dataSource ? manager.get(plugin.dataSource) : Promise.resolve(undefined)),
    disposeAll: () => manager.disposeAll(),
  };
}
