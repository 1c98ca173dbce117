/** Backend entry of the example datasource: Grafana runs the packaged binary, which starts here. */
import { serve } from '@dsforge/backend';

import { createExamplePlugin } from './plugin';

serve(createExamplePlugin().options);
