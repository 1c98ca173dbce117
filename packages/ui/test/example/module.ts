// The README's module.ts, compiled and run by the tests so the example stays true.
import { DataSourcePlugin } from '@grafana/data';

import { createConfigEditor, createQueryEditor } from '../../src';
import { ordersSchema } from '../fixtures';
import { DataSource } from './datasource';

export const plugin = new DataSourcePlugin(DataSource)
  .setConfigEditor(
    createConfigEditor({ authTypes: ['apiKey'], urlPlaceholder: 'https://orders.example.com' }),
  )
  .setQueryEditor(createQueryEditor(ordersSchema));
