import { createConfigEditor, withJsonData, type DsforgeConfigProps, type DsforgeJsonData } from '@dsforge/ui';
import { useEffect, type ReactElement } from 'react';

/** Settings the API expects, applied to a new datasource (the user can change them). */
const DEFAULTS: Partial<DsforgeJsonData> = {
  authType: 'none',
};

const Editor = createConfigEditor({
  urlPlaceholder: 'http://localhost:4000',
  authTypes: ['none'],
  defaultAuthType: 'none',
});

/** The datasource settings page: URL, auth from the API's security schemes, timeouts, cache, limits. */
export function ConfigEditor(props: DsforgeConfigProps): ReactElement {
  const { options, onOptionsChange } = props;
  useEffect(() => {
    if (options.jsonData?.authType === undefined && Object.keys(DEFAULTS).length > 0) {
      onOptionsChange(withJsonData(options, DEFAULTS));
    }
  }, [options, onOptionsChange]);
  return <Editor {...props} />;
}
