#!/usr/bin/env node
'use strict';
// Shim behind the `create-datasource` bin: the CLI is TypeScript and is never emitted by tsc, so it
// is loaded through tsx's CommonJS register hook (as the `dsforge` bin is).
require('tsx/cjs/api').register();
require('../src/bin/create-datasource.ts');
