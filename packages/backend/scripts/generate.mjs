// Regenerates src/grpc/gen/ from proto/*.proto with buf and ts-proto (both local: no network).
// Generated files are committed so that builds need no codegen step; never edit them by hand.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'src/grpc/gen'), { recursive: true, force: true });
execFileSync(join(root, 'node_modules/.bin/buf'), ['generate', 'proto'], { cwd: root, stdio: 'inherit' });
