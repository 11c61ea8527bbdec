// Preloaded into a measured command (`node --require bench/report-rss.cjs …`): at exit, writes the process's peak
// resident memory in KiB (getrusage's maxrss) to $BENCH_RSS_FILE, so the bench reads a whole process's peak.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE)
    writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
