/** Backend entry: Grafana starts the packaged binary, which runs this file. */
import { serve } from '@dsforge/backend';
import { createDatasource, graphqlQuery } from '@dsforge/kit';

import { BASE_PATH, operations } from '../generated';
import { checkHealth, hooks } from './hooks';

serve(
  createDatasource({
    // The datasource URL is the GraphQL endpoint.
    query: graphqlQuery(operations, { basePath: BASE_PATH, ...hooks }),
    checkHealth,
  }),
);
