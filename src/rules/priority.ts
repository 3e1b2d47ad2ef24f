// Falco's eight priorities, most severe first. Rule files spell them in any case; `INFO` is `INFORMATIONAL`.
export const PRIORITIES = [
  'Emergency',
  'Alert',
  'Critical',
  'Error',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Numeric severity: 0 is Emergency, 7 is Debug. A rule fires only if its severity <= the configured minimum. */
export function severity(p: Priority): number {
  return PRIORITIES.indexOf(p);
}

/** Parses a priority as Falco does: case-insensitive, `info` accepted for Informational. */
export function parsePriority(text: string): Priority | undefined {
  const lower = text.trim().toLowerCase();
  if (lower === 'info') return 'Informational';
  return PRIORITIES.find((p) => p.toLowerCase() === lower);
}
