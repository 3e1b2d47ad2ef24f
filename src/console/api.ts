// The console's read-only JSON API over an alert store (docs/console.md lists it):
//
//   GET /api/alerts?FILTER&limit=50&cursor=C   {"total":N,"alerts":[…],"next":C|null,"last_id":ID}, newest first
//   GET /api/alerts/ID                         one alert with its context (process ancestry, user, container, pod)
//   GET /api/counts?FILTER&by=priority|rule&buckets=60   alerts per time bucket and priority (or top rules)
//   GET /api/top?FILTER&field=rule|host|container|image|process&limit=10
//   GET /api/summary                           the store: path, alerts, oldest/newest, hosts
//
// FILTER: rule (repeatable), priority (at least), since, until, host, container, image, process, q (text in the
// output). /api/stream and /api/health are answered by the handler itself (src/console/handler.ts).
// This runs where the store's reader is (the console's reader thread): it returns text, it never touches a socket.
import { StoreError } from '../store/database.ts';
import { FilterError, parseFilter } from '../store/filter.ts';
import { type AlertReader, type CountBy, TOP_FIELDS, type TopField } from '../store/reader.ts';

export interface ApiAnswer {
  readonly status: number;
  readonly body: string;
}

const error = (status: number, message: string): ApiAnswer => ({ status, body: JSON.stringify({ error: message }) });

function intParam(params: URLSearchParams, key: string, def: number, min: number, max: number): number {
  const v = params.get(key);
  if (v === null || v === '') return def;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new FilterError(`${key}: expected an integer from ${min} to ${max}, got '${v}'`);
  return Number(v);
}

/** Answers one API request. `reader` undefined: the store could not be opened (`why`). */
export function answerApi(reader: AlertReader | undefined, why: string, path: string, query: string): ApiAnswer {
  if (reader === undefined) return error(503, why);
  const params = new URLSearchParams(query);
  try {
    if (path === '/api/alerts') {
      const filter = parseFilter(params, ['limit', 'cursor']);
      const limit = intParam(params, 'limit', 50, 1, 500);
      const lastId = reader.lastId();
      const page = reader.page(filter, limit, params.get('cursor') || undefined);
      return { status: 200, body: `${page.json.slice(0, -1)},"last_id":${lastId}}` };
    }
    const one = /^\/api\/alerts\/(\d{1,16})$/.exec(path);
    if (one !== null) {
      const body = reader.get(Number(one[1]));
      return body === undefined ? error(404, `no alert ${one[1]} in this store`) : { status: 200, body };
    }
    if (path === '/api/counts') {
      const filter = parseFilter(params, ['by', 'buckets']);
      const by = params.get('by') ?? 'priority';
      if (by !== 'priority' && by !== 'rule') throw new FilterError(`by: '${by}' is not priority or rule`);
      return { status: 200, body: reader.counts(filter, by as CountBy, intParam(params, 'buckets', 60, 1, 500)) };
    }
    if (path === '/api/top') {
      const filter = parseFilter(params, ['field', 'limit']);
      const field = params.get('field') ?? '';
      if (!(TOP_FIELDS as string[]).includes(field))
        throw new FilterError(`field: '${field}' is not one of ${TOP_FIELDS.join(', ')}`);
      return { status: 200, body: reader.top(filter, field as TopField, intParam(params, 'limit', 10, 1, 100)) };
    }
    if (path === '/api/summary') return { status: 200, body: reader.summary() };
    return error(404, `no such API: ${path}`);
  } catch (err) {
    if (err instanceof FilterError) return error(400, err.message);
    if (err instanceof StoreError) return error(503, err.message);
    // A SQLite error (a damaged file, I/O): say so, keep serving.
    return error(500, `${reader.path}: ${(err as Error).message}`);
  }
}
