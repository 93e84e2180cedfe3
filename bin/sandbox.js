#!/usr/bin/env node
// The package's `sandbox` command. Sources are TypeScript run through tsx, so there is no build
// step between editing a task, an evaluator or the server and running it.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
