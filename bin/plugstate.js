#!/usr/bin/env node
console.log('plugstate: the daemon is not there yet');
