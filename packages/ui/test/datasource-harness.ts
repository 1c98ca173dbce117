import {
  FieldType,
  toDataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type DataSourcePluginMeta,
} from '@grafana/data';

import { SchemaDataSource } from '../src/datasource/SchemaDataSource';
import type { Subscribable } from '../src/datasource/lastResponse';
import type { DsforgeJsonData, SchemaQuery } from '../src/types';
import { ordersSchema } from './fixtures';

/** Settings as Grafana passes them to a datasource constructor. */
export function instanceSettings(): DataSourceInstanceSettings<DsforgeJsonData> {
  return {
    id: 7,
    uid: 'orders-uid',
    type: 'acme-orders-datasource',
    name: 'Orders',
    access: 'proxy',
    readOnly: false,
    jsonData: {},
    // The constructor only stores meta; the full plugin.json shape adds nothing to these tests.
    meta: { id: 'acme-orders-datasource' } as DataSourcePluginMeta<DsforgeJsonData>,
  };
}

/** A generated plugin's `src/datasource.ts`, as the template renders it. */
export class OrdersDataSource extends SchemaDataSource {
  constructor(settings: DataSourceInstanceSettings<DsforgeJsonData>) {
    super(settings, ordersSchema);
  }
}

/** Responses the backend would stream back, or an error it fails with. */
export type BackendAnswer = { responses: DataQueryResponse[] } | { error: Error };

/**
 * Replaces the datasource's backend round trip (`query`) with `answer`, and records each request,
 * so tests see what a variable query sends and what it makes of the frames that come back.
 */
export function stubBackend(ds: SchemaDataSource, answer: BackendAnswer): DataQueryRequest<SchemaQuery>[] {
  const requests: DataQueryRequest<SchemaQuery>[] = [];
  const observable: Subscribable<DataQueryResponse> = {
    subscribe(observer) {
      if ('error' in answer) observer.error(answer.error);
      else {
        for (const r of answer.responses) observer.next(r);
        observer.complete();
      }
      return { unsubscribe() {} };
    },
  };
  jest.spyOn(ds, 'query').mockImplementation((request) => {
    requests.push(request);
    return observable as unknown as ReturnType<SchemaDataSource['query']>;
  });
  return requests;
}

/** A customers frame: numeric id, then name and region text columns. */
export function customersFrame(): DataQueryResponse {
  return {
    data: [
      toDataFrame({
        fields: [
          { name: 'id', type: FieldType.number, values: [1, 2, 3, 4] },
          { name: 'name', type: FieldType.string, values: ['Ada', 'Bo', 'Ada', null] },
          { name: 'region', type: FieldType.string, values: ['eu', 'us', 'eu', 'eu'] },
        ],
      }),
    ],
  };
}
