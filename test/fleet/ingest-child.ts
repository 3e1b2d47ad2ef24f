// A console that dies in the middle of storing: it reads the stream with the durable consumer named in argv and
// an insert that never finishes, says "inserting N" on stdout, and waits to be killed (SIGKILL, by the test).
import { startNatsIngest } from '../../src/fleet/nats-ingest.ts';

const [url, stream, durable] = process.argv.slice(2);
await startNatsIngest({
  connect: {
    servers: [url],
    tls: { ca: '', cert: '', key: '', insecure: false },
    credentials: '',
    name: 'crashing console',
    timeoutMs: 2000,
  },
  stream,
  durable,
  ackWaitMs: 1000,
  insert(alerts) {
    process.stdout.write(`inserting ${alerts.length}\n`);
    return new Promise(() => {});
  },
});
