/**
 * BENCH_E2E_PROFILE=<dir> for the end-to-end bench: loaded with `--require` (NODE_OPTIONS, where
 * Node 20 refuses --cpu-prof) into every node process of the web server and the worker. Each
 * writes, on SIGUSR2, a CPU profile, an allocation profile and its memory peaks: the largest RSS with the main
 * thread's heap and external memory at that moment (RSS above them is worker threads and native),
 * and the time spent waiting for PostgreSQL per statement.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require("node:fs");
const inspector = require("node:inspector");
const path = require("node:path");

const dir = process.env.BENCH_E2E_PROFILE;
if (dir) {
  fs.mkdirSync(dir, { recursive: true });
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  // Every allocation sampled (also what GC took back since): what makes the garbage the heap grows with.
  session.post("HeapProfiler.startSampling", { samplingInterval: 64 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const peak = { rss: 0 };
  const series = [];
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    series.push([Date.now(), Math.round(m.rss / 2 ** 20), Math.round(m.heapUsed / 2 ** 20)]);
    if (m.rss > peak.rss) Object.assign(peak, m, { at: new Date().toISOString() });
  }, 50);
  timer.unref();
  // Time in PostgreSQL per statement shape (from send to answer, as the caller waits for it).
  const queries = {};
  try {
    const { Client } = require(require.resolve("pg", { paths: [process.cwd()] }));
    const query = Client.prototype.query;
    Client.prototype.query = function (config, ...rest) {
      const text = String(typeof config === "string" ? config : (config?.text ?? "")).replace(/\s+/g, " ").trim().slice(0, 90);
      const start = performance.now();
      const done = () => {
        const q = (queries[text] ??= { calls: 0, ms: 0 });
        q.calls++;
        q.ms += performance.now() - start;
      };
      // Pool.query passes a callback (no promise); a client in a transaction is awaited.
      const last = rest.length - 1;
      const callback = typeof rest[last] === "function" ? rest[last] : typeof config?.callback === "function" ? config.callback : null;
      if (callback === rest[last] && callback) rest[last] = (...a) => (done(), callback(...a));
      else if (callback) config.callback = (...a) => (done(), callback(...a));
      const result = query.call(this, config, ...rest);
      if (result && typeof result.then === "function") result.then(done, done);
      return result;
    };
  } catch {
    // No pg in this process (npm itself).
  }
  // The bench sends SIGUSR2 to the server and the worker before it stops them (a SIGTERM may kill
  // a process before its "exit" event: tsx and npm pass it on a second time).
  process.on("SIGUSR2", () => {
    const name = path.join(dir, `${process.pid}`);
    // An in-process session answers synchronously: the profile is written before this returns.
    session.post("Profiler.stop", (error, result) => {
      if (!error) fs.writeFileSync(`${name}.cpuprofile`, JSON.stringify(result.profile));
    });
    const top = Object.entries(queries).sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
    session.post("HeapProfiler.stopSampling", (error, result) => {
      if (!error) fs.writeFileSync(`${name}.heapprofile`, JSON.stringify(result.profile));
    });
    fs.writeFileSync(`${name}.json`, JSON.stringify({ argv: process.argv, title: process.title, peak, queries: top, series }));
  });
}
