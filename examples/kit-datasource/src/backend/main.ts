/** Backend entry of the kit example: Grafana runs the packaged binary, which starts here. */
import { serve } from '@dsforge/backend';
import { createDatasource } from '@dsforge/kit';

import { kitDatasourceOptions } from './datasource';

serve(createDatasource(kitDatasourceOptions()));
