/**
 * Paths of the schema fixtures, for tests and the bench.
 * @module
 */
import { resolve } from 'node:path';

/** The repository root. */
export const REPO_ROOT = resolve(__dirname, '../../../..');

/** A file under `examples/schemas/`. */
export const fixture = (name: string): string => resolve(REPO_ROOT, 'examples/schemas', name);

/** The InfluxDB OSS v2 spec (225 operations). */
export const INFLUXDB_SPEC = resolve(REPO_ROOT, 'examples/specs/influxdb-oss-v2.yml');
