/** Backend entry: Grafana starts the packaged binary, which runs this file. */
import { serve } from '@dsforge/backend';
import { createDatasource, openApiQuery } from '@dsforge/kit';

import { BASE_PATH, operations } from '../generated';
import { checkHealth, hooks } from './hooks';

serve(
  createDatasource({
    query: openApiQuery(operations, { basePath: BASE_PATH, ...hooks }),
    checkHealth,
  }),
);
