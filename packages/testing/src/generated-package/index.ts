/**
 * What every package made by `create-datasource` tests with: the shared harness (build once, the
 * schema mock, golden frames) and the recorded-traffic upstream (record a real API, replay offline).
 * @module
 */
export {
  generatedPackageHarness,
  type Fixtures,
  type GeneratedPackageHarness,
  type MockRoute,
  type SampleQuery,
} from './harness';
export {
  recordedUpstreamMode,
  recordSecrets,
  recordingFiles,
  startRecordedUpstream,
  RECORD_SECRETS_ENV,
  RECORD_URL_ENV,
  type RecordedUpstream,
  type RecordedUpstreamOptions,
  type UpstreamAccess,
} from './recorded-upstream';
