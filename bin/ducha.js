#!/usr/bin/env node
// The compiled CLI (npm install / npm ci build dist/ through the "prepare" script).
import '../dist/cli.js';
