#!/usr/bin/env node
// The recsys command line, installed with the single entry package (`npx recsys --help`): @recsys/cli's, as it is.
import '@recsys/cli/bin';
