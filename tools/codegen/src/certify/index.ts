/**
 * `dsforge certify`: the gate every datasource package passes before it is signed or published.
 * See docs/certification.md.
 * @module
 */
export { certifyPackage, type CertifyOptions, type CertifyRun } from './certify';
export { CHECKS } from './checks';
export { parseCertifyConfig, readCertifyConfig, CERTIFY_CONFIG_FILE, type CertifyConfig } from './config';
export { runChecks, type RunChecksOptions } from './engine';
export { findDatasourcePackages } from './find-packages';
export {
  buildCertification,
  certifierKeyDir,
  findCertifierKey,
  hashPluginFolder,
  initCertifierKey,
  writeCertification,
} from './certification';
export {
  certificationBlock,
  updateReadmeStatus,
  upsertCertificationBlock,
  README_END,
  README_START,
  type ReadmeUpdate,
} from './readme-status';
export { markdownReport } from './report/markdown';
export { htmlReport } from './report/html';
export type { CheckDefinition, CheckResult, CertifyContext, Evidence, PackageInfo } from './types';
