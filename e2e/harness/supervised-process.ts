import { spawn, type ChildProcess } from "node:child_process";
import { openSync, closeSync, readFileSync } from "node:fs";

// The watchdog runs the real binary as a child of a small bash script that reads its
// own stdin. Node holds the other end of that pipe, so when Node exits for any reason
// (a failed test, Ctrl-C, even SIGKILL) the pipe closes and the watchdog terminates
// the binary: no orphaned etcd or kube-apiserver survives a test run. A line "kill"
// on the pipe asks for SIGKILL, which fault tests use to simulate a crash.
// Background jobs of a non-interactive shell read /dev/null, so the pipe is kept on fd 3.
const WATCHDOG = `
exec 3<&0
"$@" &
child=$!
# A Ctrl-C or TERM sent to the whole process group reaches the binary directly; the watchdog
# itself ignores them, so it lives on to see the pipe close and make sure the binary ends
# (kube-apiserver can hang in shutdown once etcd is gone). Ignoring is set only after the
# binary started, so the binary keeps the default handlers.
trap '' INT TERM HUP
(
  while read -r -u 3 cmd; do
    [ "$cmd" = kill ] && kill -KILL "$child" 2>/dev/null
  done
  kill -TERM "$child" 2>/dev/null
  sleep 5
  kill -KILL "$child" 2>/dev/null
) &
watchdog=$!
wait "$child"
rc=$?
kill "$watchdog" 2>/dev/null
exit "$rc"
`;

/** How a supervised process is asked to stop. */
export type StopMode = "graceful" | "kill";

/** A long-running binary whose lifetime is tied to this Node process. */
export class SupervisedProcess {
  readonly name: string;
  readonly logFile: string;
  readonly #args: readonly string[];
  #child: ChildProcess | undefined;
  #exited: Promise<number | null> = Promise.resolve(null);

  constructor(name: string, args: readonly string[], logFile: string) {
    this.name = name;
    this.#args = args;
    this.logFile = logFile;
  }

  /** Whether the process has been started and has not exited yet. */
  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null;
  }

  /** Starts the binary, appending its output to the log file. */
  start(): void {
    if (this.running) throw new Error(`${this.name} is already running`);
    const log = openSync(this.logFile, "a");
    const child = spawn("bash", ["-c", WATCHDOG, "watchdog", ...this.#args], {
      stdio: ["pipe", log, log],
    });
    closeSync(log);
    this.#child = child;
    this.#exited = new Promise((resolve) =>
      child.once("exit", (code) => {
        resolve(code);
      }),
    );
  }

  /**
   * Lets this Node process exit while the binary still runs; the watchdog then ends the
   * binary as the pipe closes. For control planes that live as long as their test process.
   */
  unref(): void {
    this.#child?.unref();
    (this.#child?.stdin as { unref?: () => void } | null | undefined)?.unref?.();
  }

  /** Resolves with the exit code once the process has ended. */
  async exited(): Promise<number | null> {
    return this.#exited;
  }

  /** Stops the process and waits until it has exited; a no-op when it is not running. */
  async stop(mode: StopMode = "graceful"): Promise<void> {
    const child = this.#child;
    if (child?.exitCode !== null) return;
    if (mode === "kill") child.stdin?.write("kill\n");
    child.stdin?.end();
    await this.#exited;
  }

  /** The last lines of the log, for error messages when the process misbehaves. */
  logTail(lines = 25): string {
    try {
      return readFileSync(this.logFile, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "(no log)"; // the log is only a diagnostic aid; its absence is not an error
    }
  }
}
