// file_output: alerts appended to `filename`, one per line. With keep_alive the file stays open (and SIGUSR1
// reopens it, for log rotation); without, it is opened and closed for every delivery, as Falco does.
import { accessSync, constants, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Channel } from '../channel.ts';
import { DeliveryError } from '../channel.ts';
import type { QueuedAlert } from '../queue.ts';

export interface FileChannelOptions {
  filename: string;
  keepAlive: boolean;
}

export function fileChannel(opts: FileChannelOptions): Channel {
  let fh: FileHandle | undefined;

  async function handle(): Promise<FileHandle> {
    if (fh === undefined) {
      try {
        // node:fs/promises (with readline) is loaded by the runs that write a file, not by every start.
        fh = await process.getBuiltinModule('node:fs/promises').open(opts.filename, 'a', 0o640);
      } catch (err) {
        throw new DeliveryError(
          `failed to open output file ${opts.filename}: ${(err as NodeJS.ErrnoException).code ?? err}`,
        );
      }
    }
    return fh;
  }

  async function closeFile(): Promise<void> {
    const h = fh;
    fh = undefined;
    await h?.close();
  }

  return {
    name: 'file',
    batchMax: 4096,
    async deliver(batch: readonly QueuedAlert[]): Promise<void> {
      let text = '';
      for (const a of batch) text += `${a.line}\n`;
      const h = await handle();
      try {
        await h.appendFile(text);
      } catch (err) {
        await closeFile().catch(() => {});
        throw new DeliveryError(`cannot write ${opts.filename}: ${(err as NodeJS.ErrnoException).code ?? err}`);
      }
      if (!opts.keepAlive) await closeFile();
    },
    async reopen(): Promise<void> {
      await closeFile();
    },
    preflight: () => writableProblem(opts.filename),
    close: closeFile,
  };
}

/** Why `file` cannot be appended to now (missing directory, no permission), or undefined. */
function writableProblem(file: string): string | undefined {
  const code = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);
  try {
    accessSync(file, constants.W_OK);
    return undefined;
  } catch (err) {
    if (code(err) !== 'ENOENT') return `cannot write ${file}: ${code(err)}`;
  }
  const dir = dirname(file);
  try {
    if (!statSync(dir).isDirectory()) return `cannot create ${file}: ${dir} is not a directory`;
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (err) {
    return code(err) === 'ENOENT'
      ? `cannot create ${file}: the directory ${dir} does not exist`
      : `cannot create ${file} in ${dir}: ${code(err)}`;
  }
}
