import { createQueryEditor, type SchemaQueryEditorProps } from '@dsforge/ui';
import type { ReactElement } from 'react';

import type { ExampleDataSource } from '../datasource';
import { scenarioSchema, withBackendFields, type ExampleQuery } from './scenarios';

const SchemaEditor = createQueryEditor<ExampleQuery, ExampleDataSource>(scenarioSchema, {
  hideShaping: true,
});

/**
 * The schema editor of `@dsforge/ui`, storing the backend's fields (`scenario`, `rows`, `bytes`,
 * `frames`) with every change so saved queries run without the frontend (alert rules).
 */
export function QueryEditor(props: SchemaQueryEditorProps<ExampleQuery, ExampleDataSource>): ReactElement {
  return <SchemaEditor {...props} onChange={(q) => props.onChange(withBackendFields(q))} />;
}
