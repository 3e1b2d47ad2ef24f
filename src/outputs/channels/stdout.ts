// stdout_output: one line per alert on standard output.
import type { Channel } from '../channel.ts';
import { DeliveryError } from '../channel.ts';
import type { QueuedAlert } from '../queue.ts';

export function stdoutChannel(stream: NodeJS.WritableStream = process.stdout): Channel {
  return {
    name: 'stdout',
    batchMax: 4096,
    deliver(batch: readonly QueuedAlert[]): Promise<void> {
      let text = '';
      for (const a of batch) text += `${a.line}\n`;
      return new Promise((resolve, reject) => {
        try {
          // The callback fires once the chunk is handed to the OS (pipes and files are written synchronously on
          // Linux; a TTY or socket may queue). EPIPE (reader gone) is reported through the callback.
          stream.write(text, (err) => {
            if (err) reject(new DeliveryError(`stdout: ${err.message}`));
            else resolve();
          });
        } catch (err) {
          reject(new DeliveryError(`stdout: ${(err as Error).message}`));
        }
      });
    },
    async close(): Promise<void> {},
  };
}
