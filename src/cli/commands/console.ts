// `peregrine console [--store FILE] [--listen ADDR:PORT] [--token TOKEN] [--nats URL]`: the alert console over a
// store file, without detection (a store copied off a host, the store of a Peregrine running elsewhere on this
// host, or — with --nats — the fleet's alerts read from NATS JetStream into the store). Runs until SIGINT or
// SIGTERM. A live Peregrine serves the same console on its webserver.

import { startFleetFeed } from '../../app/fleet.ts';
import { parseListen } from '../../config/schema.ts';
import { exposureError } from '../../console/exposure.ts';
import { createConsole } from '../../console/handler.ts';
import { startConsoleServer } from '../../console/server.ts';
import { AlertReader } from '../../store/reader.ts';
import { alertStoreSettings } from '../../store/settings.ts';
import { loadCliConfig } from '../load-config.ts';
import type { CliOptions, ConsoleCliOptions } from '../options.ts';

export async function runConsole(opts: CliOptions, c: ConsoleCliOptions): Promise<number> {
  const cfg = loadCliConfig(opts);
  if (cfg === undefined) return 1;
  const fail = (message: string): number => {
    process.stderr.write(`peregrine: Error: ${message}\n`);
    return 1;
  };
  const storePath = c.store ?? cfg.alert_store.path;
  const listenText = c.listen ?? cfg.console.listen;
  const listen = parseListen(listenText);
  if (listen === undefined) return fail(`--listen: '${listenText}' is not ADDRESS:PORT (e.g. 127.0.0.1:8766)`);
  const token = c.token ?? process.env.PEREGRINE_CONSOLE_TOKEN ?? cfg.console.token;
  const certificate = cfg.console.ssl_certificate;
  const exposure = exposureError(
    { address: listen.host, token, tls: certificate !== '', allowPlainHttp: cfg.console.allow_plain_http },
    'console',
  );
  if (exposure !== undefined) return fail(exposure);
  // The fleet: the store is written from NATS (and created when it does not exist yet).
  let feed: Awaited<ReturnType<typeof startFleetFeed>> | undefined;
  if (c.nats.length > 0) {
    try {
      feed = await startFleetFeed(cfg, c.nats, alertStoreSettings(cfg, storePath));
    } catch (err) {
      return fail(`--nats: ${(err as Error).message}`);
    }
  }
  // The store must exist and be one: say so now rather than on every request.
  try {
    AlertReader.open(storePath).close();
  } catch (err) {
    await feed?.close();
    return fail((err as Error).message);
  }
  let server: Awaited<ReturnType<typeof startConsoleServer>>;
  try {
    const handler = createConsole({ storePath, token });
    server = await startConsoleServer({ host: listen.host, port: listen.port, certificate, handler });
  } catch (err) {
    await feed?.close();
    return fail((err as Error).message);
  }
  process.stderr.write(`peregrine: console on ${server.url} over ${storePath}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await feed?.close();
  await server.close();
  return 0;
}
