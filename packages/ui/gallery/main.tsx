/**
 * The gallery page: every editor of @dsforge/ui with sample props, on Grafana's dark theme.
 * `#<section>` in the URL shows one section (the screenshot script uses this); no hash shows all.
 * Render errors are collected into `#gallery-errors` and each section marks itself rendered, so
 * a headless browser can check the page.
 */
import { createTheme } from '@grafana/data';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { useEffect, useState, type ReactElement, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

import { AuthSection } from '../src/config/AuthSection';
import { createConfigEditor } from '../src/config/createConfigEditor';
import { HealthDetails } from '../src/config/HealthDetails';
import type { DsforgeSettings } from '../src/config/options';
import { ErrorDisplay } from '../src/errors/ErrorDisplay';
import { createQueryEditor, type SchemaQueryEditorProps } from '../src/query/createQueryEditor';
import type { SchemaQuery } from '../src/types';
import { Boundary, captureErrors, ErrorList } from './errors';
import {
  authSamples,
  builderQuery,
  codeQuery,
  codeText,
  configSample,
  errorSamples,
  invalidQuery,
  ordersSchema,
} from './samples';

captureErrors();

function Section(props: { id: string; title: string; children: ReactNode }): ReactElement {
  return (
    <section id={props.id} data-gallery-section={props.id} style={{ marginBottom: 48 }}>
      <h2 style={{ borderBottom: '1px solid #333', paddingBottom: 8 }}>{props.title}</h2>
      <Boundary name={props.id}>
        {props.children}
        <span data-gallery-rendered={props.id} />
      </Boundary>
    </section>
  );
}

/** Holds editor state like Grafana does, so the samples stay interactive. */
function Settings(props: {
  initial: DsforgeSettings;
  children: (o: DsforgeSettings, set: (o: DsforgeSettings) => void) => ReactNode;
}) {
  const [options, setOptions] = useState(props.initial);
  return <>{props.children(options, setOptions)}</>;
}

const ConfigEditor = createConfigEditor({
  authTypes: ['apiKey', 'oauth2ClientCredentials'],
  urlPlaceholder: 'https://orders.example.com',
});
const QueryEditor = createQueryEditor(ordersSchema, { codeEditor: 'textarea' });

function Query(props: { initial: SchemaQuery; data?: SchemaQueryEditorProps['data'] }): ReactElement {
  const [query, setQuery] = useState(props.initial);
  return (
    <QueryEditor
      datasource={{} as SchemaQueryEditorProps['datasource']}
      query={query}
      data={props.data}
      onChange={setQuery}
      onRunQuery={() => undefined}
    />
  );
}

/** Puts the caret inside `"status": ""` so the suggestion list shows. */
function CodeWithSuggestions(): ReactElement {
  useEffect(() => {
    const area = document.querySelector<HTMLTextAreaElement>('#query-code textarea');
    if (!area) return;
    const at = codeText.indexOf('"status": "') + '"status": "'.length;
    area.focus();
    area.setSelectionRange(at, at);
    area.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true }));
  }, []);
  return <Query initial={codeQuery} />;
}

function AuthGrid(props: { samples: typeof authSamples }): ReactElement {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 24 }}>
      {props.samples.map((s) => (
        <div key={s.title} style={{ border: '1px solid #2a2d33', padding: 16, borderRadius: 4, minWidth: 0 }}>
          <h4>{s.title}</h4>
          <Settings initial={s.options}>
            {(o, set) => <AuthSection options={o} onOptionsChange={set} />}
          </Settings>
        </div>
      ))}
    </div>
  );
}

const SECTIONS: Array<{ id: string; title: string; render: () => ReactNode }> = [
  {
    id: 'config-editor',
    title: 'Config editor — createConfigEditor()',
    render: () => (
      <Settings initial={configSample}>
        {(o, set) => <ConfigEditor options={o} onOptionsChange={set} />}
      </Settings>
    ),
  },
  {
    id: 'auth-providers',
    title: 'AuthSection — one editor per kit auth provider (1/2)',
    render: () => <AuthGrid samples={authSamples.slice(0, 4)} />,
  },
  {
    id: 'auth-providers-more',
    title: 'AuthSection — one editor per kit auth provider (2/2)',
    render: () => <AuthGrid samples={authSamples.slice(4)} />,
  },
  {
    id: 'query-builder',
    title: 'Query editor — createQueryEditor(schema), builder mode',
    render: () => (
      <>
        <Query initial={builderQuery} />
        <h4 style={{ marginTop: 32 }}>Missing required parameter</h4>
        <Query initial={invalidQuery} />
      </>
    ),
  },
  {
    id: 'query-code',
    title: 'Query editor — code mode with suggestions',
    render: () => <CodeWithSuggestions />,
  },
  {
    id: 'error-display',
    title: 'ErrorDisplay — the kit dsforgeError',
    render: () => (
      <>
        {errorSamples.map((e, i) => (
          <ErrorDisplay key={e.label} error={e} detailsOpen={i === 0} />
        ))}
      </>
    ),
  },
  {
    id: 'health-details',
    title: 'HealthDetails — CheckHealth jsonDetails',
    render: () => (
      <>
        <HealthDetails
          status="OK"
          message="Orders API is working"
          details={{ uid: 'orders', version: '2.3.1', latencyMs: 84 }}
        />
        <HealthDetails
          status="ERROR"
          message="got response code 401 from GET /v2/orders: check the API key"
          details={{ endpoint: 'GET /v2/orders', status: 401, authType: 'apiKey' }}
        />
      </>
    ),
  },
];

function Gallery(): ReactElement {
  const only = window.location.hash.replace(/^#/, '');
  const shown = SECTIONS.filter((s) => only === '' || s.id === only);
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <main style={{ padding: 24, maxWidth: 1232 }}>
        <h1>@dsforge/ui gallery</h1>
        {shown.map((s) => (
          <Section key={s.id} id={s.id} title={s.title}>
            {s.render()}
          </Section>
        ))}
        <ErrorList />
      </main>
    </ThemeContext.Provider>
  );
}

const theme = createTheme({ colors: { mode: 'dark' } });
const root = document.getElementById('root');
if (root) createRoot(root).render(<Gallery />);
