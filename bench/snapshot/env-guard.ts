// Injected first into the bundle by bench/snapshot/build.ts (entry.ts imports endEnvGuard): records every environment variable that module evaluation (and the warm-up) reads
// while the snapshot is built. Such a read is baked into the blob, and the run's own environment is never seen
// (src/state/handlers/files.ts's HOST_ROOT was one): bench/snapshot/build.ts lists them, and refuses the unknown.
const real = process.env;
export const envReads = new Set<string>();
process.env = new Proxy(real, {
  get(target, key) {
    if (typeof key === 'string') envReads.add(key);
    return Reflect.get(target, key);
  },
  has(target, key) {
    if (typeof key === 'string') envReads.add(key);
    return Reflect.has(target, key);
  },
});

// The files opened meanwhile, likewise: what a module or a warm-up cache keeps of a file is the build host's copy
// (a cache of /etc/services, of a configuration file) and would never be read again.
const fs = process.getBuiltinModule('node:fs');
export const fileReads = new Set<string>();
const realReadFileSync = fs.readFileSync;
const realOpenSync = fs.openSync;
fs.readFileSync = ((path: unknown, ...rest: unknown[]) => {
  fileReads.add(String(path));
  return Reflect.apply(realReadFileSync, fs, [path, ...rest]);
}) as typeof fs.readFileSync;
fs.openSync = ((path: unknown, ...rest: unknown[]) => {
  fileReads.add(String(path));
  return Reflect.apply(realOpenSync, fs, [path, ...rest]);
}) as typeof fs.openSync;

/** Puts process.env and node:fs back as they were; returns the variables read and the files opened meanwhile. */
export function endEnvGuard(): { env: string[]; files: string[] } {
  process.env = real;
  fs.readFileSync = realReadFileSync;
  fs.openSync = realOpenSync;
  return { env: [...envReads].sort(), files: [...fileReads].sort() };
}
