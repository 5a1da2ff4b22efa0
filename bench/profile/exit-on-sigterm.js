// Preloaded into the service only when it is profiled: a SIGTERM ends the process through
// process.exit, which is when `node --cpu-prof` writes its profile (a signal death writes none).
process.once('SIGTERM', () => process.exit(0));
