#!/usr/bin/env node
// The `darasa` operator command. The code is TypeScript run through tsx, so the
// command works from a plain `npm install` with no compile step.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
