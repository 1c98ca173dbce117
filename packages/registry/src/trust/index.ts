/**
 * Trust primitives shared by the dsforge CLI (`package`, `sign`, `verify`, `keys`) and the
 * registry service: file and zip hashing, zip safety checks, company OpenPGP signatures with a
 * rotating keyring, and the signed `certification.json` format.
 */
export { sha256Hex, hashFile, hashStream } from './hash';
export { canonicalJson } from './canonical-json';
export {
  inspectZip,
  hashZipEntries,
  type ZipEntryInfo,
  type ZipInspection,
  type InspectZipOptions,
} from './zip-inspect';
export { zipPathProblem, binaryPlatform } from './zip-paths';
export {
  generateSigningKey,
  signDetached,
  verifyDetachedRaw,
  type SignableInput,
  type SigningKey,
  type GenerateSigningKeyOptions,
  type SignDetachedOptions,
  type RawVerification,
} from './pgp';
export { KeyRing, type KeyRecord, type KeyRingFile, type KeyStatus, type KeyVerification } from './keyring';
export {
  CERTIFICATION_FILE,
  certificationMatches,
  certifierKeyId,
  generateCertifierKey,
  signCertification,
  verifyCertification,
  type Certification,
  type CertificationResult,
  type CertificationSignature,
  type CertifiedEntry,
  type CertifierKey,
} from './certification';
export { craftZip, type CraftedEntry } from './craft-zip';
