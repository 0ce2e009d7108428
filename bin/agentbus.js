#!/usr/bin/env -S node --max-semi-space-size=32
// A larger young generation (32 MB semi-spaces instead of 16): a busy gateway allocates a few KB
// per call, and with the default V8 spent a fifth more CPU per call on scavenges at concurrency 64
// (bench/gateway-bench.ts). Run through `node bin/agentbus.js`, pass the flag yourself.
// The compiled CLI (built by `npm run build`, which `npm ci` runs through the prepare script).
import '../dist/cli/main.js';
