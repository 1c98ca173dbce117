/** Golden frame files: compare frames with checked-in frame JSON, with a readable diff and an update mode. */
export {
  expectFrames,
  GoldenMismatchError,
  missingGoldenPolicy,
  type ExpectFramesOptions,
  type ExpectFramesResult,
} from './expect-frames';
export { framesToGolden } from './format';
export { describeFrameDiff } from './diff';
