// Extractors of the fdlist.* fields: the fds a poll() or select() event lists, resolved through the fd table.
import type { Event } from '../../state/event.ts';
import { type FdInfo, FdType, ipv4Bytes } from '../../state/fd.ts';
import type { ScalarValue } from '../types.ts';
import { type ExtractorMap, plain } from './common.ts';

/** Each fd of the event's FDLIST parameter with its entry in the table (null when unknown). */
function listed(evt: Event): { fd: number; info: FdInfo | null }[] | null {
  const t = evt.thread;
  const s = evt.state;
  if (t === null || s === null) return null;
  const ps = evt.info.params;
  let idx = -1;
  for (let i = 0; i < ps.length; i++) if (ps[i].type === 'FDLIST') idx = i;
  if (idx === -1 || idx >= evt.nparams || evt.paramLen[idx] < 2) return null;
  const o = evt.paramOff[idx];
  const end = o + evt.paramLen[idx];
  const n = evt.dv.getUint16(o, true);
  const out: { fd: number; info: FdInfo | null }[] = [];
  let q = o + 2;
  for (let k = 0; k < n && q + 10 <= end; k++) {
    const fd = Number(evt.dv.getBigInt64(q, true));
    out.push({ fd, info: s.threads.getFd(t, fd) });
    q += 10;
  }
  return out;
}

function collect(get: (fd: number, info: FdInfo | null) => ScalarValue | null) {
  return plain((evt) => {
    const l = listed(evt);
    if (l === null) return null;
    const out: ScalarValue[] = [];
    for (const { fd, info } of l) {
      const v = get(fd, info);
      if (v !== null) out.push(v);
    }
    return out;
  });
}

export const extractors: ExtractorMap = {
  'fdlist.nums': collect((fd) => fd),
  'fdlist.names': collect((_fd, i) => (i === null ? null : i.name)),
  'fdlist.cips': collect((_fd, i) => (i !== null && i.type === FdType.IPV4_SOCK ? ipv4Bytes(i.sip) : null)),
  'fdlist.sips': collect((_fd, i) =>
    i === null
      ? null
      : i.type === FdType.IPV4_SOCK
        ? ipv4Bytes(i.dip)
        : i.type === FdType.IPV4_SERVSOCK
          ? ipv4Bytes(i.sip)
          : null,
  ),
  'fdlist.cports': collect((_fd, i) => (i !== null && i.type === FdType.IPV4_SOCK ? i.sport : null)),
  'fdlist.sports': collect((_fd, i) =>
    i === null ? null : i.type === FdType.IPV4_SOCK ? i.dport : i.type === FdType.IPV4_SERVSOCK ? i.sport : null,
  ),
};
