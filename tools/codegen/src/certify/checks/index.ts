/** The certification checks, in the order (1–8). */
import type { CheckDefinition } from '../types';
import { authCheck } from './auth';
import { badInputCheck } from './bad-input';
import { limitsCheck } from './limits';
import { packageCheck } from './package';
import { rateLimitCheck } from './rate-limit';
import { recoveryCheck } from './recovery';
import { secretsCheck } from './secrets';
import { timeoutCheck } from './timeout';

export const CHECKS: readonly CheckDefinition[] = [
  packageCheck,
  authCheck,
  timeoutCheck,
  recoveryCheck,
  rateLimitCheck,
  secretsCheck,
  badInputCheck,
  limitsCheck,
];
