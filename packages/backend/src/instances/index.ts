/** Per-datasource instance management. */
export {
  InstanceManager,
  InstanceCreateError,
  type InstanceContext,
  type InstanceManagerOptions,
} from './manager';
