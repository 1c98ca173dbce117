#!/usr/bin/env node
'use strict';
// Shim behind the `dsforge` bin: the CLI is TypeScript and is never emitted by tsc, so it is loaded
// through tsx's CommonJS register hook (tsx caches its transforms, so warm starts stay fast).
require('tsx/cjs/api').register();
require('../src/bin/dsforge.ts');
