import * as grpc from '@grpc/grpc-js';

import { queryRequest, services, startInProcess, wireQuery, type Harness } from '../../test/harness';
import { decodeFrame, Frame, parseFrameJSON, stringifyFrameJSON, toFrameJSON } from '../data';
import { queryEach } from '../query-each';
import * as pb from './gen/pluginv2';

function sample(): Frame {
  return new Frame({
    name: 'sample',
    fields: [
      { name: 'time', type: 'time', values: [1_700_000_000_000, 1_700_000_001_000] },
      { name: 'value', type: 'float64', values: [1.5, Number.NaN] },
    ],
  });
}

describe('QueryData frame format', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const query = (req: pb.QueryDataRequest): Promise<pb.QueryDataResponse> =>
    h!.unary<pb.QueryDataRequest, pb.QueryDataResponse>(services.data, 'queryData', req);

  it('answers with Arrow frames and format ARROW by default', async () => {
    h = await startInProcess({ queryData: queryEach(async () => [sample()]) });
    const r = (await query(queryRequest([wireQuery('A', {})]))).responses.A!;
    expect(r.format).toBe(pb.DataFrameFormat.ARROW);
    expect(decodeFrame(r.frames[0]!).name).toBe('sample');
  });

  it('answers with the Go SDK’s frame JSON (schema and data, refId filled in) when asked for JSON', async () => {
    h = await startInProcess({ queryData: queryEach(async () => [sample()]) });
    const req = { ...queryRequest([wireQuery('A', {})]), format: pb.DataFrameFormat.JSON };
    const r = (await query(req)).responses.A!;
    expect(r).toMatchObject({ format: pb.DataFrameFormat.JSON, status: 200 });
    const expected = sample();
    expected.refId = 'A';
    expect(r.frames[0]!.toString('utf8')).toBe(stringifyFrameJSON(toFrameJSON(expected)));
    const json = parseFrameJSON(r.frames[0]!.toString('utf8'));
    expect(json.data?.entities).toEqual([null, { NaN: [1] }]);
  });

  it('marks an error answer with the requested format too', async () => {
    h = await startInProcess({ queryData: queryEach(async () => [sample()]) });
    const req = { ...queryRequest([wireQuery('A', '{oops')]), format: pb.DataFrameFormat.JSON };
    expect((await query(req)).responses.A).toMatchObject({ format: pb.DataFrameFormat.JSON, status: 400 });
  });

  it('fails the call with UNKNOWN for a format it does not know, like the Go SDK', async () => {
    h = await startInProcess({ queryData: queryEach(async () => [sample()]) });
    const req = { ...queryRequest([wireQuery('A', {})]), format: 3 as pb.DataFrameFormat };
    await expect(query(req)).rejects.toMatchObject({
      code: grpc.status.UNKNOWN,
      details: expect.stringContaining('unsupported data frame format 3'),
    });
  });
});
