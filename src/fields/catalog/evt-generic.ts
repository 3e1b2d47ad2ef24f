// Field class `evt` (All event types) of Falco's syscall source: names, types, flags and descriptions as
// `falco --list` prints them. Facts from falcosecurity/libs 48dfd53cd
// (userspace/libsinsp/sinsp_filtercheck_gen_event.cpp); generated once, then maintained by hand.
import type { CatalogClass } from './types.ts';

export const evtGenericClass: CatalogClass = {
  name: 'evt',
  shortDesc: 'All event types',
  desc: 'These fields can be used for all event types',
  source: 'syscall',
  generic: true,
  fields: [
    { name: 'evt.num', type: 'UINT64', fmt: 'ID', desc: 'event number.' },
    { name: 'evt.time', type: 'CHARBUF', desc: 'event timestamp as a time string that includes the nanosecond part.' },
    { name: 'evt.time.s', type: 'CHARBUF', desc: 'event timestamp as a time string with no nanoseconds.' },
    {
      name: 'evt.time.iso8601',
      type: 'CHARBUF',
      desc: 'event timestamp in ISO 8601 format, including nanoseconds and time zone offset (in UTC).',
    },
    { name: 'evt.datetime', type: 'CHARBUF', desc: 'event timestamp as a time string that includes the date.' },
    { name: 'evt.datetime.s', type: 'CHARBUF', desc: 'event timestamp as a datetime string with no nanoseconds.' },
    {
      name: 'evt.rawtime',
      type: 'ABSTIME',
      fmt: 'DEC',
      desc: 'absolute event timestamp, i.e. nanoseconds from epoch.',
    },
    {
      name: 'evt.rawtime.s',
      type: 'ABSTIME',
      fmt: 'DEC',
      desc: 'integer part of the event timestamp (e.g. seconds since epoch).',
    },
    {
      name: 'evt.rawtime.ns',
      type: 'ABSTIME',
      fmt: '10_PADDED_DEC',
      desc: 'fractional part of the absolute event timestamp.',
    },
    {
      name: 'evt.reltime',
      type: 'RELTIME',
      fmt: '10_PADDED_DEC',
      desc: 'number of nanoseconds from the beginning of the capture.',
    },
    {
      name: 'evt.reltime.s',
      type: 'RELTIME',
      fmt: 'DEC',
      desc: 'number of seconds from the beginning of the capture.',
    },
    {
      name: 'evt.reltime.ns',
      type: 'RELTIME',
      fmt: '10_PADDED_DEC',
      desc: 'fractional part (in ns) of the time from the beginning of the capture.',
    },
    {
      name: 'evt.pluginname',
      type: 'CHARBUF',
      desc: 'if the event comes from a plugin-defined event source, the name of the plugin that generated it. The plugin must be currently loaded.',
    },
    {
      name: 'evt.plugininfo',
      type: 'CHARBUF',
      desc: 'if the event comes from a plugin-defined event source, a summary of the event as formatted by the plugin. The plugin must be currently loaded.',
    },
    { name: 'evt.source', type: 'CHARBUF', desc: 'the name of the source that produced the event.' },
    { name: 'evt.is_async', type: 'BOOL', desc: "'true' for asynchronous events, 'false' otherwise." },
    {
      name: 'evt.asynctype',
      type: 'CHARBUF',
      desc: "If the event is asynchronous, the type of the event (e.g. 'container').",
    },
    {
      name: 'evt.hostname',
      type: 'CHARBUF',
      desc: "The hostname of the underlying host can be customized by setting an environment variable (e.g. FALCO_HOSTNAME for the Falco agent). This is valuable in Kubernetes setups, where the hostname can match the pod name particularly in DaemonSet deployments. To achieve this, assign Kubernetes' spec.nodeName to the environment variable. Notably, spec.nodeName generally includes the cluster name.",
    },
  ],
};
