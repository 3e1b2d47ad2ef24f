// One alert in full: what fired and when, the process and its ancestors with their command lines, the user, the
// container, its image and pod, then every output field. Every string here may come from an attacker (process
// names, command lines, file names): it is only ever a text child, never markup or an attribute that loads.
import { html } from 'htm/preact';
import type { StoredAlert } from './api.ts';

type Ctx = Readonly<Record<string, unknown>>;

function text(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

interface Process {
  readonly pid: unknown;
  readonly name: unknown;
  readonly cmdline: unknown;
}

/** The alert's process, then its parent, grandparent, … as far as the context goes (shown oldest first). */
export function ancestry(ctx: Ctx): Process[] {
  const out: Process[] = [{ pid: ctx['proc.pid'], name: ctx['proc.name'], cmdline: ctx['proc.cmdline'] }];
  for (let n = 1; ; n++) {
    const pid = ctx[`proc.apid[${n}]`];
    const name = ctx[`proc.aname[${n}]`];
    if (!(`proc.apid[${n}]` in ctx) || ((pid === null || pid === 0) && (name === null || name === ''))) break;
    out.push({ pid, name, cmdline: ctx[`proc.acmdline[${n}]`] });
  }
  return out;
}

function Row({ k, v }: { k: string; v: unknown }) {
  return html`<tr><th>${k}</th><td>${text(v)}</td></tr>`;
}

export function Detail({ alert, onClose }: { alert: StoredAlert; onClose: () => void }) {
  const ctx: Ctx = alert.context ?? {};
  const chain = ancestry(ctx);
  const image = [ctx['container.image.repository'], ctx['container.image.tag']].filter((x) => x).join(':');
  return html`
    <aside class="detail" data-testid="detail">
      <header>
        <span class=${`prio prio-${alert.priority}`}>${alert.priority}</span>
        <h2 data-testid="detail-rule">${alert.rule}</h2>
        <button class="close" onClick=${onClose} aria-label="close">×</button>
      </header>
      <p class="meta">${alert.time} · ${alert.hostname} · ${alert.source}</p>
      <pre class="output" data-testid="detail-output">${alert.output}</pre>
      <h3>Process ancestry</h3>
      ${
        alert.context === undefined || alert.context === null
          ? html`<p class="muted">No context was stored with this alert.</p>`
          : html`<ol class="ancestry" data-testid="ancestry">
              ${[...chain].reverse().map(
                (p, i) => html`<li class=${`depth-${Math.min(i, 6)}`}>
                  <span class="pid">${text(p.pid)}</span>${' '}<span class="pname">${text(p.name)}</span>${' '}<code
                    class="cmdline"
                    data-testid="cmdline"
                  >${text(p.cmdline)}</code>
                </li>`,
              )}
            </ol>`
      }
      <div class="cols">
        <table class="kv">
          <caption>Process and user</caption>
          <${Row} k="executable" v=${ctx['proc.exepath']} />
          <${Row} k="working directory" v=${ctx['proc.cwd']} />
          <${Row} k="user" v=${ctx['user.name']} />
          <${Row} k="uid" v=${ctx['user.uid']} />
          <${Row} k="login user" v=${ctx['user.loginname']} />
          <${Row} k="group" v=${ctx['group.name']} />
          <${Row} k="event" v=${ctx['evt.type']} />
          <${Row} k="file" v=${ctx['fd.name']} />
        </table>
        <table class="kv" data-testid="container">
          <caption>Container</caption>
          <${Row} k="id" v=${ctx['container.id']} />
          <${Row} k="name" v=${ctx['container.name']} />
          <${Row} k="image" v=${image} />
          <${Row} k="privileged" v=${ctx['container.privileged']} />
          <${Row} k="namespace" v=${ctx['k8s.ns.name']} />
          <${Row} k="pod" v=${ctx['k8s.pod.name']} />
        </table>
      </div>
      <table class="kv fields">
        <caption>Output fields</caption>
        ${Object.entries(alert.output_fields).map(([k, v]) => html`<${Row} k=${k} v=${v} />`)}
      </table>
      <p class="tags">${alert.tags.map((t) => html`<span class="tag">${t}</span>`)}</p>
    </aside>
  `;
}
