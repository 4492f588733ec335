/**
 * The processes of the end-to-end bench: started in process groups of their own (so that `npm`,
 * `tsx` and whatever they spawn stop together), and measured on the real node processes under them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export type Started = { name: string; child: ChildProcess; out: string[] };

const started: Started[] = [];

export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const proc: Started = { name, child, out: [] };
  const keep = (d: Buffer) => proc.out.push(...d.toString().split("\n").filter(Boolean));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  started.push(proc);
  return proc;
}

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

/** SIGTERM to each group, SIGKILL to what is left after `graceMs`. */
export async function stopAll(graceMs = 5000) {
  const groups = started.splice(0).map((p) => p.child.pid!).filter((pid) => pid > 0);
  for (const pid of groups) signalGroup(pid, "SIGTERM");
  const end = Date.now() + graceMs;
  while (groups.some(alive) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  for (const pid of groups) signalGroup(pid, "SIGKILL");
}

/** For `process.on("exit")`: no waiting there. */
export function killAllNow() {
  for (const p of started.splice(0)) signalGroup(p.child.pid!, "SIGKILL");
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** The process and every descendant, by the parent pid of every process in /proc (no kernel option needed). */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    // Fields after the command (which may hold spaces and parentheses): state, ppid, …
    const stat = readOr(`/proc/${entry}/stat`);
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid) parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
  }
  const all: number[] = [];
  const visit = (pid: number) => {
    all.push(pid);
    for (const child of parents.get(pid) ?? []) visit(child);
  };
  visit(root);
  return all;
}

const readOr = (file: string) => {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
};

export const commandLine = (pid: number) => readOr(`/proc/${pid}/cmdline`).split("\0").filter(Boolean).join(" ");

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM), or 0 when the process is gone. */
export function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const match = readOr(`/proc/${pid}/status`).match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return match ? Number(match[1]) : 0;
}

/** The node processes of a tree, by their executable: npm, tsx's launcher and the real server or worker all are node (whatever their title). */
export const nodeProcesses = (root: number) =>
  processTree(root).filter((pid) => {
    try {
      return path.basename(fs.readlinkSync(`/proc/${pid}/exe`)) === path.basename(process.execPath);
    } catch {
      return false;
    }
  });

/**
 * The process that does the work: of the tree's node processes, the one with the most memory.
 * npm and tsx's launcher stay small (~50 MB); Next.js or the worker holds the app.
 */
export function realProcess(root: number): number {
  const pids = nodeProcesses(root);
  if (pids.length === 0) throw new Error(`no node process under ${root}`);
  return pids.reduce((a, b) => (statusKb(b, "VmRSS") > statusKb(a, "VmRSS") ? b : a));
}

/** VmRSS sampled every `everyMs`, its maximum kept per phase (what was running when memory peaked). */
export function sampleRss(pids: Record<string, number>, everyMs = 50) {
  const peaks: Record<string, Record<string, number>> = {};
  let phase = "start";
  const timer = setInterval(() => {
    for (const [name, pid] of Object.entries(pids)) {
      const kb = statusKb(pid, "VmRSS");
      const byPhase = (peaks[name] ??= {});
      byPhase[phase] = Math.max(byPhase[phase] ?? 0, kb);
    }
  }, everyMs);
  return {
    phase: (next: string) => void (phase = next),
    stop: () => {
      clearInterval(timer);
      return peaks;
    },
  };
}
