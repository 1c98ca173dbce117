/**
 * Plans a package: reads the schema, picks the read operations, builds the template data and
 * renders every file in memory. Nothing is written here (see `apply.ts`), so `--dry-run` and
 * tests see exactly what would be written.
 * @module
 */
import { filterOperations, readSchema, type ApiModel, type Operation } from '../schema';
import type { GenerateOptions } from './options';
import { starterModel } from './starter-model';
import { renderPackage } from './render';
import { TEMPLATES_DIR, templateData, type TemplateData } from './template-data';

/** A planned package. */
export interface PackagePlan {
  options: GenerateOptions;
  files: Map<string, string | Buffer>;
  /** Operations that became query types. */
  reads: Operation[];
  /** Operations left out (writes, filtered), with why. */
  skipped: { id: string; reason: string }[];
  warnings: string[];
  data: TemplateData;
}

/** Progress callback: one line per step. */
export type Progress = (step: string) => void;

/** The template layers for a kind: the common base, then the kind's overlay. */
export function layersFor(kind: GenerateOptions['kind']): string[] {
  return ['common', kind];
}

/** Reads, filters, renders. Throws `SchemaError` for a bad schema. */
export async function planPackage(
  opts: GenerateOptions,
  progress: Progress = () => {},
): Promise<PackagePlan> {
  let model: ApiModel | undefined;
  if (opts.kind === 'openapi' || opts.kind === 'graphql') {
    progress(`reading ${opts.kind === 'graphql' ? 'GraphQL schema' : 'OpenAPI spec'} ${opts.schema}`);
    model = await readSchema(opts.schema!, { kind: opts.kind });
    model = filterOperations(model, { include: opts.include, exclude: opts.exclude });
  } else {
    model = starterModel(opts.name, opts.kind === 'wrapper');
  }
  const reads = (model?.operations ?? []).filter((o) => o.isQuery);
  const skipped = [
    ...(model?.operations ?? []).filter((o) => !o.isQuery).map((o) => ({ id: o.id, reason: o.queryReason })),
    ...(model?.skipped ?? []).map((s) => ({ id: s.operation, reason: s.reason })),
  ];
  progress(`chose ${reads.length} read operation(s) as query types (${skipped.length} left out)`);
  const data = templateData(opts, model, reads);
  progress('rendering templates');
  const files = await renderPackage(TEMPLATES_DIR, layersFor(opts.kind), data);
  return { options: opts, files, reads, skipped, warnings: model?.warnings ?? [], data };
}
