import { createQueryEditor, type SchemaQuery } from '@dsforge/ui';

import type { DataSource } from '../datasource';
import { editorSchema } from '../generated';

/**
 * The query editor: operation picker, a parameter form from the schema, result shaping and code
 * mode. Wrap it to add your own controls; the operations come from `src/generated/`.
 */
export const QueryEditor = createQueryEditor<SchemaQuery, DataSource>(editorSchema);
